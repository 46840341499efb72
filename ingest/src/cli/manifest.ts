/**
 * The import manifest: one row per recording, checked completely before anything is sent, every
 * problem reported with its line so a spreadsheet can be fixed in one go.
 *
 * Columns (header names in any case; spaces, hyphens and underscores alike):
 *   file (required)  a file in the folder, e.g. "day one.wav"
 *   title            the interview title (default: the file name without its extension)
 *   languages        codes such as "kk; ru" (also: language)
 *   narrators        narrator ids or display names, separated by ";" (also: narrator)
 *   date             recording date, YYYY-MM-DD (also: recorded, recorded on)
 *   place            where it was recorded, as text
 *   tags             vocabulary terms of any kind, separated by ";": each by its key or by any label or
 *                    other spelling in any script, e.g. "koreans; Депортация 1937"
 *   ethnic groups, eras, topics   vocabulary terms (key or label) that must be of that kind
 *   access           private (default), research, education or public (also: access level)
 *   release          the scan of the signed release in the folder (PDF, PNG, JPEG or TIFF)
 *   permits          what the release permits: private, research, education or public
 *   signed on        the day it was signed, YYYY-MM-DD
 *   embargo until    closed to all but staff until this day, YYYY-MM-DD
 */
import { extname } from 'node:path';
import { type CsvRecord, parseCsv } from './csv.js';
import { type Lang, render, type Said, said, where } from './problem-text.js';

export const ACCESS_LEVELS = ['private', 'research', 'education', 'public'] as const;
export type TagKind = 'ethnic_group' | 'era' | 'topic' | 'place';

/** Extensions the archive accepts, with the content type the upload declares (see UPLOAD_MEDIA_TYPES). */
export const MEDIA_TYPES: Record<string, string> = {
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
};
export const mediaTypeOf = (fileName: string) => MEDIA_TYPES[extname(fileName).toLowerCase()] ?? null;

export interface ManifestRow {
  line: number;
  file: string;
  title: string | null;
  languages: string[];
  /** Ids or names (any script); resolved against the sheet and the API before anything is created. */
  narrators: string[];
  narratorsColumn?: string;
  recordedOn: string | null;
  place: string | null;
  /** `column`: the header's name of the column the term came from, for problems. */
  tags: { key: string; kind: TagKind | null; column?: string }[];
  accessLevel: (typeof ACCESS_LEVELS)[number] | null;
  release: ReleaseCells | null;
}

export interface ReleaseCells {
  file: string;
  contentType: string;
  permits: (typeof ACCESS_LEVELS)[number];
  signedOn: string | null;
  embargoUntil: string | null;
}

/** One problem in a sheet: the file, its line, and the column (as the header writes it) when one cell is at fault. */
export interface ManifestProblem {
  file?: string;
  line: number;
  column?: string | null;
  message: Said;
}

export const cellProblem = (file: string | undefined, line: number, column: string | null | undefined, message: Said): ManifestProblem => ({ file, line, column: column ?? null, message });

/** "manifest.csv line 4, column date: …", in the researcher's language. */
export const problemText = (p: ManifestProblem, lang: Lang = 'en') => `${where(p.file ?? 'manifest', p.line, p.column, lang)}: ${render(p.message, lang)}`;

/** The header's names mapped to known columns; an unknown name is a problem that lists the known ones. */
export function headerColumns<C extends string>(header: CsvRecord, known: Record<string, C>, file?: string): { columns: (C | null)[]; problems: ManifestProblem[] } {
  const problems: ManifestProblem[] = [];
  const columns = header.cells.map((name) => {
    const column = known[name.toLowerCase().trim().replace(/[\s_-]+/g, '_')] ?? null;
    if (!column) problems.push(cellProblem(file, header.line, name, said('unknownColumn', { name, known: [...new Set(Object.values(known))].map((c) => c.replace(/_/g, ' ')).join(', ') })));
    return column;
  });
  return { columns, problems };
}

type Column = 'file' | 'title' | 'languages' | 'narrators' | 'date' | 'place' | 'tags' | 'ethnic_group' | 'era' | 'topic' | 'access' | 'release' | 'permits' | 'signed_on' | 'embargo_until';

/** Release scans the archive takes, by extension (see RELEASE_TYPES). */
const RELEASE_TYPES: Record<string, string> = { '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.tif': 'image/tiff', '.tiff': 'image/tiff' };

const COLUMNS: Record<string, Column> = {
  file: 'file', filename: 'file', file_name: 'file',
  title: 'title',
  language: 'languages', languages: 'languages',
  narrator: 'narrators', narrators: 'narrators',
  date: 'date', recorded: 'date', recorded_on: 'date', recording_date: 'date',
  place: 'place',
  tag: 'tags', tags: 'tags',
  ethnic_group: 'ethnic_group', ethnic_groups: 'ethnic_group',
  era: 'era', eras: 'era',
  topic: 'topic', topics: 'topic',
  access: 'access', access_level: 'access',
  release: 'release', release_file: 'release', release_scan: 'release',
  permits: 'permits', release_permits: 'permits',
  signed_on: 'signed_on', signed: 'signed_on', release_signed: 'signed_on',
  embargo_until: 'embargo_until', embargo: 'embargo_until',
};

const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;
const list = (cell: string, separators = /[;|]/) => cell.split(separators).map((v) => v.trim()).filter(Boolean);

/** `folderFiles`: the names in the folder, so a row naming a missing file is reported here too. */
export function readManifest(text: string, folderFiles: ReadonlySet<string>, file = 'manifest.csv'): { rows: ManifestRow[]; problems: ManifestProblem[] } {
  const problems: ManifestProblem[] = [];
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    const line = (err as { line?: number }).line ?? 1;
    return { rows: [], problems: [cellProblem(file, line, null, said('csv', { detail: (err as Error).message.replace(/^line \d+: /, '') }))] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [cellProblem(file, 1, null, said('manifestEmpty'))] };

  const { columns, problems: headerProblems } = headerColumns(header, COLUMNS, file);
  problems.push(...headerProblems);
  if (!columns.includes('file')) problems.push(cellProblem(file, header.line, null, said('noFileColumn')));
  if (problems.length) return { rows: [], problems };

  const seen = new Map<string, number>();
  const rows: ManifestRow[] = [];
  for (const record of body) {
    const rowProblems: ManifestProblem[] = [];
    const problem = (column: Column | null, message: Said) =>
      rowProblems.push(cellProblem(file, record.line, column && header.cells[columns.indexOf(column)], message));
    if (record.cells.length > columns.length) problem(null, said('tooManyCells', { cells: record.cells.length, columns: columns.length }));
    const cell = (column: Column) => record.cells[columns.indexOf(column)]?.trim() ?? '';
    const row: ManifestRow = {
      line: record.line,
      file: cell('file'),
      title: cell('title') || null,
      languages: list(cell('languages'), /[;|,\s]+/).map((l) => l.toLowerCase()),
      narrators: list(cell('narrators')),
      narratorsColumn: header.cells[columns.indexOf('narrators')],
      recordedOn: cell('date') || null,
      place: cell('place') || null,
      tags: [
        ...list(cell('tags')).map((key) => ({ key, kind: null, column: header.cells[columns.indexOf('tags')] })),
        ...(['ethnic_group', 'era', 'topic'] as const).flatMap((kind) => list(cell(kind)).map((key) => ({ key, kind, column: header.cells[columns.indexOf(kind)] }))),
      ],
      accessLevel: null,
      release: null,
    };

    if (!row.file) problem('file', said('fileEmpty'));
    else if (/[\\/]/.test(row.file)) problem('file', said('fileWithPath', { file: row.file }));
    else if (!folderFiles.has(row.file)) problem('file', said('notInFolder', { file: row.file }));
    else if (!mediaTypeOf(row.file)) problem('file', said('notRecording', { file: row.file, types: Object.keys(MEDIA_TYPES).join(' ') }));
    if (row.file && seen.has(row.file)) problem('file', said('listedTwice', { file: row.file, line: seen.get(row.file)! }));
    else if (row.file) seen.set(row.file, record.line);

    const badLanguage = row.languages.find((l) => !LANGUAGE.test(l));
    if (badLanguage) problem('languages', said('badLanguage', { value: badLanguage }));
    if (row.recordedOn && !isDate(row.recordedOn)) problem('date', said('badDay', { value: row.recordedOn }));
    const access = accessLevelOf(cell('access'));
    if (access === undefined) problem('access', said('badLevel', { column: 'access', value: cell('access'), levels: ACCESS_LEVELS.join(', ') }));
    else row.accessLevel = access;
    row.release = releaseOf(cell, problem, folderFiles);

    problems.push(...rowProblems);
    if (!rowProblems.length) rows.push(row);
  }
  if (!body.length) problems.push(cellProblem(file, header.line, null, said('noRecordings')));
  return { rows, problems };
}

/** null for an empty cell, undefined for one that names no level. */
function accessLevelOf(cell: string): ManifestRow['accessLevel'] | undefined {
  const level = cell.toLowerCase();
  if (!level) return null;
  return (ACCESS_LEVELS as readonly string[]).includes(level) ? (level as ManifestRow['accessLevel']) : undefined;
}

/** The release columns of one row: all empty (no release), or a scan in the folder and what it permits. */
function releaseOf(cell: (c: Column) => string, problem: (c: Column, message: Said) => void, folderFiles: ReadonlySet<string>): ReleaseCells | null {
  const file = cell('release');
  const permits = accessLevelOf(cell('permits'));
  const dates = { signedOn: cell('signed_on') || null, embargoUntil: cell('embargo_until') || null };
  let ok = true;
  const fail = (c: Column, message: Said) => {
    ok = false;
    problem(c, message);
  };
  if (!file) {
    if (permits || dates.signedOn || dates.embargoUntil) fail('release', said('termsWithoutScan'));
    return null;
  }
  const contentType = RELEASE_TYPES[extname(file).toLowerCase()];
  if (/[\\/]/.test(file)) fail('release', said('fileWithPath', { file }));
  else if (!folderFiles.has(file)) fail('release', said('notInFolder', { file }));
  else if (!contentType) fail('release', said('notScan', { file, types: Object.keys(RELEASE_TYPES).join(' ') }));
  if (permits === undefined) fail('permits', said('badLevel', { column: 'permits', value: cell('permits'), levels: ACCESS_LEVELS.join(', ') }));
  else if (permits === null) fail('permits', said('permitsMissing'));
  for (const [column, value] of [['signed_on', dates.signedOn], ['embargo_until', dates.embargoUntil]] as const) {
    if (value && !isDate(value)) fail(column, said('badDay', { value }));
  }
  return ok ? { file, contentType: contentType!, permits: permits!, ...dates } : null;
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** Without a manifest: every recording in the folder, titled after its file name. */
export function rowsForFolder(folderFiles: Iterable<string>): ManifestRow[] {
  return [...folderFiles]
    .filter((file) => mediaTypeOf(file) && !file.startsWith('.'))
    .sort()
    .map((file) => ({ line: 0, file, title: null, languages: [], narrators: [], recordedOn: null, place: null, tags: [], accessLevel: null, release: null }));
}
