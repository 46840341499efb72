/**
 * Content sniffing on the first bytes of an upload, with `file-type`: the declared content type and
 * the file name are what the uploader's computer said, not what the bytes are. A file that is plainly
 * something else (a program, a document, an archive) is rejected here with words the uploader can
 * act on; whatever file-type does not recognise goes on to ffprobe, which has the last word.
 */
import { fileTypeFromBuffer } from 'file-type';

/** file-type needs at most this many bytes for the formats it knows (its own documented minimum is 4100). */
export const SNIFF_BYTES = 64 * 1024;

export interface Sniffed {
  ext: string;
  mime: string;
}

/** What people call the non-media types a mislabelled upload most often turns out to be. */
const DESCRIPTIONS: Record<string, string> = {
  exe: 'a Windows executable',
  elf: 'a Linux executable (ELF)',
  macho: 'a macOS executable',
  class: 'a Java class file',
  pdf: 'a PDF document',
  zip: 'a ZIP archive',
  rar: 'a RAR archive',
  '7z': 'a 7-Zip archive',
  gz: 'a gzip archive',
  tar: 'a tar archive',
  docx: 'a Word document',
  xlsx: 'an Excel spreadsheet',
  pptx: 'a PowerPoint presentation',
  doc: 'a Word document',
  xls: 'an Excel spreadsheet',
  jpg: 'a JPEG image',
  png: 'a PNG image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  heic: 'a HEIC photo',
  tif: 'a TIFF image',
  sqlite: 'an SQLite database',
};

/** Media types file-type reports under application/*: containers that can hold audio or video. */
const MEDIA_APPLICATION_TYPES = new Set(['application/ogg', 'application/mp4', 'application/x-matroska', 'application/mxf']);

export async function sniff(head: Uint8Array): Promise<Sniffed | null> {
  const found = await fileTypeFromBuffer(head);
  return found ? { ext: found.ext, mime: found.mime } : null;
}

export const isMediaType = (mime: string) => mime.startsWith('audio/') || mime.startsWith('video/') || MEDIA_APPLICATION_TYPES.has(mime);

/** How much of the head decides "text": a recording has binary bytes (sizes, frame headers) long before. */
const TEXT_PROBE_BYTES = 4096;

/**
 * What a head of plain text is, or null when the bytes are binary. A recording is never text, and
 * text is exactly where playlists live (HLS .m3u8, ffconcat, SDP, .pls, .asx …) that would make
 * ffmpeg open other files or URLs, so all of it is refused before ffprobe sees it.
 */
export function textKind(head: Uint8Array): string | null {
  let bytes = head.subarray(0, TEXT_PROBE_BYTES);
  if (bytes.length === 0) return null;
  for (const b of bytes) {
    // NUL and control characters other than tab, line feed, form feed and carriage return: binary.
    if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) return null;
  }
  // A multi-byte character may be cut at the end of the probe: drop up to three trailing bytes.
  if (head.length > bytes.length) bytes = bytes.subarray(0, bytes.length - 3);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('#EXTM3U') || start.startsWith('#EXT-X-')) return 'an HLS or M3U playlist';
  if (start.startsWith('ffconcat')) return 'an ffconcat file list';
  return 'a text file';
}

/** Null when the bytes may be media; else why not, for the uploader. */
export function notMediaReason(found: Sniffed | null, fileName: string, head: Uint8Array): string | null {
  const text = found ? null : textKind(head);
  if (text) {
    return (
      `This file is ${text}, not audio or video, although it is named "${fileName}". ` +
      'Playlists and other text files are not accepted, because they only point at recordings: upload the recording itself.'
    );
  }
  if (!found || isMediaType(found.mime)) return null;
  const what = DESCRIPTIONS[found.ext] ?? `a ${found.ext.toUpperCase()} file (${found.mime})`;
  return (
    `This file is ${what}, not audio or video, although it is named "${fileName}". ` +
    'It may have been renamed or picked by mistake: upload the original recording instead.'
  );
}
