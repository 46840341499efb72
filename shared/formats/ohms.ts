/**
 * OHMS XML, the file of the Oral History Metadata Synchronizer that many archives' viewers read:
 * `<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms"><record id dt>` with interview fields,
 * an `<index>` of `<point>`s (time in seconds, title, synopsis, "a;b" keywords and subjects, GPS),
 * and the transcript.
 *
 * The transcript is written twice, on purpose: `<vtt_transcript>` (OHMS 6) carries exact cue times
 * and speakers and is what this module reads back; `<transcript>` holds the same text with
 * [hh:mm:ss] marks for viewers that only know the older field. Reading falls back to `<transcript>`
 * when a file has no `<vtt_transcript>`.
 *
 * Not carried: the bilingual `_alt` fields, hyperlinks, and the legacy `<sync>` line map.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import XMLBuilder from 'fast-xml-builder';
import { FormatError, type IndexEntry, type InterviewMeta, type TranscriptSegment } from './model.js';
import { formatClock, formatSecondsDecimal, parseLooseClock, roundSeconds, toMillis } from './timecode.js';
import { parseVtt, writeVtt } from './vtt.js';
import { parseTimestampedText, writeTimestampedText } from './timestamped-text.js';

export const OHMS_NAMESPACE = 'https://www.weareavp.com/nunncenter/ohms';
const SCHEMA_LOCATION = `${OHMS_NAMESPACE} ${OHMS_NAMESPACE}/ohms.xsd`;

export interface OhmsDocument {
  meta: InterviewMeta;
  segments: TranscriptSegment[];
  index: IndexEntry[];
}

export interface WriteOhmsOptions {
  /** Export date (yyyy-mm-dd) for the record's `dt` attribute; left out when not given, keeping output reproducible. */
  exportedOn?: string;
}

// ---------------------------------------------------------------- writing

// XML 1.0 cannot carry most C0 controls (or U+FFFE/FFFF) even escaped; they come from pasted text and
// are dropped rather than producing a file no parser accepts.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const clean = (text: string | null | undefined): string => (text ?? '').replace(XML_INVALID, '');
const CDATA = '#cdata';

/** OHMS separates keywords with ";", so a ";" inside one keyword would split it: it becomes ",". */
const joinTerms = (terms: readonly string[] | undefined): string =>
  (terms ?? []).map((t) => clean(t).replace(/;/g, ',').trim()).filter((t) => t !== '').join('; ');

function pointXml(entry: IndexEntry) {
  const gps = entry.gps ?? null;
  return {
    time: formatSecondsDecimal(entry.start),
    title: clean(entry.title),
    partial_transcript: '',
    synopsis: clean(entry.synopsis),
    keywords: joinTerms(entry.keywords),
    subjects: joinTerms(entry.subjects),
    gpspoints: {
      gps: gps ? `${gps.lat}, ${gps.lon}` : '',
      gps_zoom: gps ? '15' : '',
      gps_text: clean(entry.placeLabel),
    },
  };
}

function clipFormat(mime: string | null | undefined): string {
  return mime?.startsWith('video/') ? 'video' : 'audio';
}

export function writeOhmsXml(
  meta: InterviewMeta,
  segments: readonly TranscriptSegment[],
  index: readonly IndexEntry[],
  options: WriteOhmsOptions = {},
): string {
  const sortedIndex = [...index].sort((a, b) => toMillis(a.start) - toMillis(b.start));
  const record: Record<string, unknown> = {
    '@_id': clean(meta.id),
    ...(options.exportedOn ? { '@_dt': options.exportedOn } : {}),
    version: '6.0',
    date: { '@_value': clean(meta.date), '@_format': 'yyyy-mm-dd' },
    title: clean(meta.title),
    accession: clean(meta.accession),
    duration: meta.duration != null ? formatClock(meta.duration, { fraction: '.', alwaysMillis: false }) : '',
    collection_name: clean(meta.collection),
    repository: clean(meta.repository),
    interviewee: meta.narrators.map(clean),
    interviewer: meta.interviewers.map(clean),
    format: clean(meta.mediaFormat),
    media_url: clean(meta.mediaUrl),
    mediafile: { host: 'Other', clip_format: clipFormat(meta.mediaFormat) },
    language: meta.languages.map(clean).join(';'),
    index: sortedIndex.length > 0 ? { point: sortedIndex.map(pointXml) } : '',
    description: clean(meta.summary),
    transcript: clean(segments.length > 0 ? writeTimestampedText(segments) : ''),
    // CDATA keeps the embedded WebVTT readable; writeVtt escapes ">", so "]]>" cannot occur in it.
    vtt_transcript: segments.length > 0 ? { [CDATA]: clean(writeVtt(segments)) } : '',
    rights: clean(meta.rights),
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '  ',
    suppressEmptyNode: true,
    cdataPropName: CDATA,
  });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    ROOT: {
      '@_xmlns': OHMS_NAMESPACE,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:schemaLocation': SCHEMA_LOCATION,
      record,
    },
  });
}

// ---------------------------------------------------------------- reading

type Node = Record<string, unknown>;
const META = XMLParser.getMetaDataSymbol() as unknown as string;

const REPEATED = new Set(['record', 'point', 'interviewee', 'interviewer', 'gpspoints', 'subject', 'keyword']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Values stay strings: "007" accession numbers and "1.10" versions must not become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  // Decodes numeric references (&#1241;) too; the default only knows the five XML entities.
  htmlEntities: true,
  captureMetaData: true,
  isArray: (name) => REPEATED.has(name),
});

/** Text of a leaf element, whether the parser gave a string or an object with attributes. */
function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return text((value as Node)['#text']);
  return '';
}

const orNull = (s: string): string | null => (s === '' ? null : s);

/** An opening tag `<name …>` with any namespace prefix; exported so the linearity test can check it. */
export function openTagPattern(name: string): RegExp {
  return new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^<>]*)?>`);
}

/**
 * Line numbers of offsets in one XML text. The offsets of the line starts are collected once, and
 * each lookup is a binary search: counting newlines from the start for every index point made
 * reading a file with many points quadratic.
 */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly xml: string) {
    for (let i = xml.indexOf('\n'); i !== -1; i = xml.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  nodeLine(node: unknown): number {
    const at = (node as Node | undefined)?.[META] as { startIndex?: number } | undefined;
    return at?.startIndex !== undefined ? this.lineAt(at.startIndex) : 1;
  }
  /**
   * Line where the text content of element `name` starts (after any CDATA opener and leading white
   * space, which the parser trims), so errors inside an embedded transcript point into the XML file.
   * The tag body is "[^<>]*": it cannot run past the next "<", so the search stays linear even when
   * a CDATA section repeats "<name " many times.
   */
  contentLine(name: string): number {
    const open = openTagPattern(name).exec(this.xml);
    if (!open) return 1;
    const after = open.index + open[0].length;
    const lead = /^\s*(?:<!\[CDATA\[\s*)?/.exec(this.xml.slice(after))![0].length;
    return this.lineAt(after + lead);
  }
}

function splitTerms(value: string): string[] {
  return value
    .split(';')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function people(values: unknown): string[] {
  // Older OHMS files list several people in one element, separated by ";".
  return ((values as unknown[] | undefined) ?? []).flatMap((v) => splitTerms(text(v)));
}

function parseSecondsField(value: string): number | null {
  if (value === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(value)) return roundSeconds(Number(value));
  return parseLooseClock(value);
}

function rethrowAt<T>(baseLine: number, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof FormatError) throw new FormatError(baseLine + e.line - 1, e.detail);
    throw e;
  }
}

export function parseOhmsXml(xml: string): OhmsDocument {
  const check = XMLValidator.validate(xml);
  if (check !== true) {
    const { msg, line } = check.err;
    const unclosed = /^Invalid '\[(.*)\]' found\.$/s.exec(msg);
    if (unclosed) {
      // The parser reports tags left open at the end of the file at line 1; the place to fix is the end.
      const names = (JSON.parse(`[${unclosed[1]}]`) as string[]).reverse();
      throw new FormatError(
        lastLine(xml),
        `the XML ends before ${names.map((n) => `<${n}>`).join(', ')} ${names.length > 1 ? 'are' : 'is'} closed: add ${names.map((n) => `</${n}>`).join('')}`,
      );
    }
    throw new FormatError(line, `not well-formed XML: ${msg}`);
  }

  const doc = parser.parse(xml) as Node;
  const record = ((doc['ROOT'] as Node | undefined)?.['record'] as Node[] | undefined)?.[0];
  if (!record) {
    throw new FormatError(1, 'not an OHMS file: expected <ROOT> with a <record> element inside');
  }

  const lines = new LineIndex(xml);
  const durationText = text(record['duration']);
  const duration = parseSecondsField(durationText);
  if (durationText !== '' && duration === null) {
    throw new FormatError(lines.contentLine('duration'), `duration ${JSON.stringify(durationText)} is not hh:mm:ss or seconds`);
  }
  const dateNode = record['date'];
  const date = (dateNode && typeof dateNode === 'object' ? text((dateNode as Node)['@_value']) : '') || text(dateNode);
  const meta: InterviewMeta = {
    id: text(record['@_id']),
    title: text(record['title']),
    narrators: people(record['interviewee']),
    interviewers: people(record['interviewer']),
    date: orNull(date),
    languages: splitTerms(text(record['language'])),
    duration,
    summary: orNull(text(record['description'])),
    rights: orNull(text(record['rights'])),
    accession: orNull(text(record['accession'])),
    collection: orNull(text(record['collection_name'])),
    repository: orNull(text(record['repository'])),
    mediaUrl: orNull(text(record['media_url'])),
    mediaFormat: orNull(text(record['format'])),
  };

  return { meta, segments: readTranscript(lines, record, duration), index: readIndex(lines, record, duration) };
}

function lastLine(xml: string): number {
  return new LineIndex(xml).lineAt(xml.trimEnd().length);
}

function readTranscript(lines: LineIndex, record: Node, duration: number | null): TranscriptSegment[] {
  const vtt = text(record['vtt_transcript']);
  if (vtt !== '') return rethrowAt(lines.contentLine('vtt_transcript'), () => parseVtt(vtt));
  const plain = text(record['transcript']);
  if (plain === '') return [];
  return rethrowAt(lines.contentLine('transcript'), () =>
    parseTimestampedText(plain, { duration, leadingText: 'fromZero' }),
  );
}

function readGps(value: string, line: number, n: number): IndexEntry['gps'] {
  if (value === '') return null;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,;]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(value);
  const lat = m ? Number(m[1]) : NaN;
  const lon = m ? Number(m[2]) : NaN;
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
    throw new FormatError(line, `index point ${n}: gps ${JSON.stringify(value)} is not "latitude, longitude" in degrees`);
  }
  return { lat, lon };
}

function readIndex(lines: LineIndex, record: Node, duration: number | null): IndexEntry[] {
  const index = record['index'];
  const points = (index && typeof index === 'object' ? ((index as Node)['point'] as Node[] | undefined) : undefined) ?? [];
  const entries = points.map((p, k): IndexEntry => {
    const line = lines.nodeLine(p);
    const timeText = text(p['time']);
    const start = parseSecondsField(timeText);
    if (start === null) {
      throw new FormatError(line, `index point ${k + 1}: time ${JSON.stringify(timeText)} is not seconds (e.g. 125) or hh:mm:ss`);
    }
    // OHMS 5+ nests GPS in <gpspoints>; older files put <gps> and <gps_text> on the point itself.
    const gpsNode = ((p['gpspoints'] as Node[] | undefined)?.[0] ?? p) as Node;
    const synopsis = text(p['synopsis']);
    const subjects = splitTerms(text(p['subjects']));
    return {
      start,
      end: null,
      title: text(p['title']),
      ...(synopsis !== '' ? { synopsis } : {}),
      keywords: splitTerms(text(p['keywords'])),
      ...(subjects.length > 0 ? { subjects } : {}),
      gps: readGps(text(gpsNode['gps']), line, k + 1),
      placeLabel: orNull(text(gpsNode['gps_text'])),
    };
  });
  // OHMS points have only a start; each chapter runs to the next one, the last to the end of the media.
  entries.sort((a, b) => a.start - b.start);
  entries.forEach((e, k) => {
    const next = entries[k + 1];
    e.end = next ? next.start : duration !== null && duration > e.start ? duration : null;
  });
  return entries;
}
