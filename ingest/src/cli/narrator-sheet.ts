/**
 * The optional narrators sheet (`narrators.csv` beside the manifest): the people a field day brought
 * in, written as a researcher writes them, one row each. The manifest's `narrators` cell may then name
 * them by any of their names; the import matches each sheet row against the archive's narrators by name
 * in any script (folded as search folds them) and creates only the ones the archive does not know.
 *
 * Columns (header names in any case; spaces, hyphens and underscores alike):
 *   name kk, name ru, name en   the name as written in each interface language (at least one)
 *   other names                 further spellings, separated by ";" (e.g. a Korean or Latin one)
 *   birth year                  e.g. 1931
 *   birth place                 as text
 *   ethnic identity             in the narrator's own words
 *   roles                       war veteran, labour veteran, diaspora elder, public figure,
 *                               community leader, witness (separated by ";")
 *   details public              yes / no (default no): whether the narrator agreed to show birth
 *                               year, place and ethnic identity publicly
 *   notes                       for staff
 */
import { parseCsv } from './csv.js';
import { type ManifestProblem, cellProblem, headerColumns } from './manifest.js';
import { type Said, said } from './problem-text.js';
import { scriptOf } from '../../../shared/scripts.js';

export const NARRATOR_SHEET = 'narrators.csv';

export const ROLES = ['war_veteran', 'labour_veteran', 'diaspora_elder', 'public_figure', 'community_leader', 'witness'] as const;
const MAX_NAME = 200;
const MAX_TEXT = 500;

export interface SheetNarrator {
  line: number;
  displayName: { kk: string | null; ru: string | null; en: string | null };
  names: { value: string; script: string; lang: string | null }[];
  birthYear: number | null;
  birthPlace: string | null;
  ethnicIdentity: string | null;
  roles: (typeof ROLES)[number][];
  detailsPublic: boolean;
  notes: string | null;
}

type Column = 'name_kk' | 'name_ru' | 'name_en' | 'other_names' | 'birth_year' | 'birth_place' | 'ethnic_identity' | 'roles' | 'details_public' | 'notes';

const COLUMNS: Record<string, Column> = {
  name_kk: 'name_kk', name_ru: 'name_ru', name_en: 'name_en',
  other_names: 'other_names', names: 'other_names',
  birth_year: 'birth_year', born: 'birth_year',
  birth_place: 'birth_place', place_of_birth: 'birth_place',
  ethnic_identity: 'ethnic_identity', ethnicity: 'ethnic_identity',
  roles: 'roles', role: 'roles',
  details_public: 'details_public', public_details: 'details_public',
  notes: 'notes',
};

const YES = new Set(['yes', 'y', 'true', '1', 'иә', 'ия', 'да', 'ie']);
const NO = new Set(['no', 'n', 'false', '0', '', 'жоқ', 'нет', 'joq']);

const roleKey = (cell: string) => cell.trim().toLowerCase().replace(/[\s-]+/g, '_');

export function readNarratorSheet(text: string, fileName = NARRATOR_SHEET): { narrators: SheetNarrator[]; problems: ManifestProblem[] } {
  const problems: ManifestProblem[] = [];
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    return { narrators: [], problems: [cellProblem(fileName, (err as { line?: number }).line ?? 1, null, said('csv', { detail: (err as Error).message.replace(/^line \d+: /, '') }))] };
  }
  const [header, ...body] = records;
  if (!header) return { narrators: [], problems: [cellProblem(fileName, 1, null, said('sheetEmpty'))] };
  const { columns, problems: headerProblems } = headerColumns(header, COLUMNS, fileName);
  problems.push(...headerProblems);
  if (!columns.some((c) => c?.startsWith('name_'))) problems.push(cellProblem(fileName, header.line, null, said('noNameColumn')));
  if (problems.length) return { narrators: [], problems };

  const narrators: SheetNarrator[] = [];
  for (const record of body) {
    const found: ManifestProblem[] = [];
    const problem = (column: Column | null, message: Said) => found.push(cellProblem(fileName, record.line, column && header.cells[columns.indexOf(column)], message));
    const cell = (column: Column) => record.cells[columns.indexOf(column)]?.trim() ?? '';
    if (record.cells.length > columns.length) problem(null, said('tooManyCells', { cells: record.cells.length, columns: columns.length }));

    const displayName = { kk: cell('name_kk') || null, ru: cell('name_ru') || null, en: cell('name_en') || null };
    const others = cell('other_names').split(';').map((n) => n.trim()).filter(Boolean);
    if (!displayName.kk && !displayName.ru && !displayName.en) problem(null, said('noName'));
    const names: SheetNarrator['names'] = [];
    for (const [lang, value] of [...(['kk', 'ru', 'en'] as const).map((l) => [l, displayName[l]] as const), ...others.map((o) => [null, o] as const)]) {
      if (!value) continue;
      if (value.length > MAX_NAME) problem(lang ? (`name_${lang}` as Column) : 'other_names', said('nameTooLong', { start: value.slice(0, 30), length: value.length, max: MAX_NAME }));
      else if (!names.some((n) => n.value === value)) names.push({ value, script: scriptOf(value), lang });
    }

    const year = cell('birth_year');
    let birthYear: number | null = null;
    const thisYear = new Date().getUTCFullYear();
    if (year && !(/^\d{4}$/.test(year) && Number(year) >= 1850 && Number(year) <= thisYear)) problem('birth_year', said('badBirthYear', { value: year, max: thisYear }));
    else if (year) birthYear = Number(year);

    const roles: SheetNarrator['roles'] = [];
    for (const role of cell('roles').split(';').map(roleKey).filter(Boolean)) {
      if ((ROLES as readonly string[]).includes(role)) roles.push(role as SheetNarrator['roles'][number]);
      else problem('roles', said('badRole', { value: role.replace(/_/g, ' '), roles: ROLES.map((r) => r.replace(/_/g, ' ')).join(', ') }));
    }
    const agreed = cell('details_public').toLowerCase();
    if (!YES.has(agreed) && !NO.has(agreed)) problem('details_public', said('notYesNo', { value: cell('details_public') }));
    for (const column of ['birth_place', 'ethnic_identity', 'notes'] as const) {
      if (cell(column).length > MAX_TEXT) problem(column, said('textTooLong', { length: cell(column).length, max: MAX_TEXT }));
    }
    problems.push(...found);
    if (found.length) continue;
    narrators.push({
      line: record.line,
      displayName,
      names,
      birthYear,
      birthPlace: cell('birth_place') || null,
      ethnicIdentity: cell('ethnic_identity') || null,
      roles,
      detailsPublic: YES.has(agreed),
      notes: cell('notes') || null,
    });
  }
  return { narrators, problems };
}
