/** Transcript and index formats: pure conversions between text files and the model in model.ts. */
export * from './model.js';
export * from './timecode.js';
export { parseVtt, writeVtt } from './vtt.js';
export { parseSrt, writeSrt, type SrtOptions } from './srt.js';
export {
  parseTimestampedText,
  writeTimestampedText,
  type TimestampedTextOptions,
  type WriteTimestampedTextOptions,
} from './timestamped-text.js';
export { parseOhmsXml, writeOhmsXml, type OhmsDocument, type WriteOhmsOptions } from './ohms.js';
export { buildIiifManifest, type BuildIiifOptions, type IiifMedia, type LanguageMap } from './iiif.js';
