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
 */
import { extname } from 'node:path';
import { parseCsv } from './csv.js';

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
  /** Ids or display names; resolved against the API before anything is created. */
  narrators: string[];
  recordedOn: string | null;
  place: string | null;
  tags: { key: string; kind: TagKind | null }[];
  accessLevel: (typeof ACCESS_LEVELS)[number] | null;
}

export interface ManifestProblem {
  line: number;
  message: string;
}

type Column = 'file' | 'title' | 'languages' | 'narrators' | 'date' | 'place' | 'tags' | 'ethnic_group' | 'era' | 'topic' | 'access';

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
};

const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;
const list = (cell: string, separators = /[;|]/) => cell.split(separators).map((v) => v.trim()).filter(Boolean);

/** `folderFiles`: the names in the folder, so a row naming a missing file is reported here too. */
export function readManifest(text: string, folderFiles: ReadonlySet<string>): { rows: ManifestRow[]; problems: ManifestProblem[] } {
  const problems: ManifestProblem[] = [];
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    const line = (err as { line?: number }).line ?? 1;
    return { rows: [], problems: [{ line, message: (err as Error).message.replace(/^line \d+: /, '') }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, message: 'the manifest is empty; its first line names the columns (file, title, …)' }] };

  const columns: (Column | null)[] = header.cells.map((name) => {
    const column = COLUMNS[name.toLowerCase().trim().replace(/[\s_-]+/g, '_')] ?? null;
    if (!column) problems.push({ line: header.line, message: `unknown column "${name}"; the columns are: ${[...new Set(Object.values(COLUMNS))].join(', ')}` });
    return column;
  });
  if (!columns.includes('file')) problems.push({ line: header.line, message: 'there is no "file" column naming each recording' });
  if (problems.length) return { rows: [], problems };

  const seen = new Map<string, number>();
  const rows: ManifestRow[] = [];
  for (const record of body) {
    const rowProblems: string[] = [];
    if (record.cells.length > columns.length) rowProblems.push(`${record.cells.length} cells, but the header names ${columns.length} columns`);
    const cell = (column: Column) => record.cells[columns.indexOf(column)]?.trim() ?? '';
    const row: ManifestRow = {
      line: record.line,
      file: cell('file'),
      title: cell('title') || null,
      languages: list(cell('languages'), /[;|,\s]+/).map((l) => l.toLowerCase()),
      narrators: list(cell('narrators')),
      recordedOn: cell('date') || null,
      place: cell('place') || null,
      tags: [
        ...list(cell('tags')).map((key) => ({ key, kind: null })),
        ...(['ethnic_group', 'era', 'topic'] as const).flatMap((kind) => list(cell(kind)).map((key) => ({ key, kind }))),
      ],
      accessLevel: null,
    };

    if (!row.file) rowProblems.push('the file cell is empty');
    else if (/[\\/]/.test(row.file)) rowProblems.push(`"${row.file}": name a file directly in the folder, without a path`);
    else if (!folderFiles.has(row.file)) rowProblems.push(`"${row.file}" is not in the folder`);
    else if (!mediaTypeOf(row.file)) rowProblems.push(`"${row.file}" is not a recording the archive takes (${Object.keys(MEDIA_TYPES).join(' ')})`);
    if (row.file && seen.has(row.file)) rowProblems.push(`"${row.file}" is already listed on line ${seen.get(row.file)}`);
    else if (row.file) seen.set(row.file, record.line);

    const badLanguage = row.languages.find((l) => !LANGUAGE.test(l));
    if (badLanguage) rowProblems.push(`language "${badLanguage}" is not a code such as kk, ru or en`);
    if (row.recordedOn && !isDate(row.recordedOn)) rowProblems.push(`date "${row.recordedOn}" is not a date written YYYY-MM-DD`);
    const access = cell('access').toLowerCase();
    if (access && !(ACCESS_LEVELS as readonly string[]).includes(access)) rowProblems.push(`access "${cell('access')}" is not one of ${ACCESS_LEVELS.join(', ')}`);
    else if (access) row.accessLevel = access as ManifestRow['accessLevel'];

    for (const message of rowProblems) problems.push({ line: record.line, message });
    if (!rowProblems.length) rows.push(row);
  }
  if (!body.length) problems.push({ line: header.line, message: 'the manifest lists no recordings' });
  return { rows, problems };
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
    .map((file) => ({ line: 0, file, title: null, languages: [], narrators: [], recordedOn: null, place: null, tags: [], accessLevel: null }));
}
