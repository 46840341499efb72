/**
 * What the import asks of the archive besides uploads: turning the manifest's vocabulary terms (by
 * key or label) and narrator names into ids (queries only: nothing is created before every row checks out), creating
 * an interview per recording, and listing the checksums already stored.
 */
import { basename, extname } from 'node:path';
import { foldPhrase } from '../../../server/src/search/normalize.js';
import { ApiError, type ArchiveApi } from './api-client.js';
import { cellProblem, type ManifestProblem, type ManifestRow } from './manifest.js';
import type { SheetNarrator } from './narrator-sheet.js';
import { isSaid, type Said, said } from './problem-text.js';

/** A narrator a row names: one the archive has, or one of the sheet's that the import creates first. */
export type NarratorRef = { id: string } | { create: SheetNarrator };

export interface RowReferences {
  tagIds: string[];
  /** The same terms by key, for the dry run's plan. */
  tagKeys: string[];
  narrators: NarratorRef[];
}

interface ArchiveNarrator {
  id: string;
  displayName: Record<string, string | null>;
  names: { value: string }[];
}

interface Term {
  id: string;
  key: string;
  kind: string;
  labels: { kk: string | null; ru: string | null; en: string | null };
}

const kindName = (kind: string) => kind.replace('_', ' ');
const describe = (t: Term) => `${t.labels.en ?? t.labels.ru ?? t.labels.kk ?? t.key} (key ${t.key}, ${kindName(t.kind)})`;

/**
 * The term a manifest cell names, by key or by any label or spelling (the API folds them as search
 * does): one term, or the problem to report. A key written exactly wins over labels that fold alike.
 */
export function pickTerm(cell: string, kind: string | null, candidates: Term[]): Term | Said {
  const byKey = candidates.find((t) => t.key === cell);
  const pool = byKey ? [byKey] : kind ? candidates.filter((t) => t.kind === kind) : candidates;
  if (!candidates.length) return said('noTerm', { cell });
  if (!pool.length || (kind && pool[0]!.kind !== kind)) {
    return said('wrongKind', { cell, names: candidates.map(describe).join(', '), kind: kindName(kind!) });
  }
  if (pool.length > 1) return said('ambiguousTerm', { cell, names: [...pool].sort((a, b) => a.key.localeCompare(b.key)).map(describe).join('; ') });
  return pool[0]!;
}

export async function resolveReferences(
  api: ArchiveApi,
  rows: ManifestRow[],
  sheet: { file: string; narrators: SheetNarrator[] } = { file: 'narrators.csv', narrators: [] },
): Promise<{ refs: Map<ManifestRow, RowReferences>; sheetRefs: Map<SheetNarrator, NarratorRef>; problems: ManifestProblem[] }> {
  const problems: ManifestProblem[] = [];
  const terms = new Map<string, Term[]>();
  for (const label of new Set(rows.flatMap((r) => r.tags.map((t) => t.key)))) {
    const data = await api.gql<{ vocabularyTerms: { nodes: Term[] } }>(
      `query($label: String!) { vocabularyTerms(label: $label, first: 20) { nodes { id key kind labels { kk ru en } } } }`,
      { label },
    );
    terms.set(label, data.vocabularyTerms.nodes);
  }
  // Each sheet row: the archive's narrator of that name (so a rerun creates nobody twice), or a new one.
  const sheetRefs = new Map<SheetNarrator, NarratorRef>();
  for (const person of sheet.narrators) {
    const found = await findNarrators(api, person.names.map((n) => n.value));
    if (found.length > 1) {
      problems.push(cellProblem(sheet.file, person.line, null, said('twoInArchive', { count: found.length, names: person.names.map((n) => `"${n.value}"`).join(' / '), ids: found.join(', ') })));
    } else sheetRefs.set(person, found[0] ? { id: found[0] } : { create: person });
  }
  // Opening a narrator's personal details is an editor's act (policy): refused here, before anything is made.
  if ([...sheetRefs].some(([p, ref]) => p.detailsPublic && 'create' in ref)) {
    const me = await api.gql<{ me: { roles: string[] } | null }>(`{ me { roles } }`);
    if (!me.me?.roles.some((r) => r === 'editor' || r === 'admin')) {
      for (const [person, ref] of sheetRefs) {
        if (person.detailsPublic && 'create' in ref) problems.push(cellProblem(sheet.file, person.line, 'details public', said('detailsNeedEditor')));
      }
    }
  }
  const byName = new Map<string, SheetNarrator[]>();
  for (const person of sheet.narrators) {
    for (const key of new Set(person.names.map((n) => foldPhrase(n.value)))) byName.set(key, [...(byName.get(key) ?? []), person]);
  }
  const named = new Map<string, NarratorRef | Said>();
  for (const name of new Set(rows.flatMap((r) => r.narrators))) named.set(name, await narratorFor(api, name, byName, sheetRefs));

  const refs = new Map<ManifestRow, RowReferences>();
  for (const row of rows) {
    const tagIds: string[] = [];
    const tagKeys: string[] = [];
    for (const { key, kind, column } of row.tags) {
      const term = pickTerm(key, kind, terms.get(key) ?? []);
      if (isSaid(term)) problems.push(cellProblem(undefined, row.line, column, term));
      else if (!tagIds.includes(term.id)) {
        tagIds.push(term.id);
        tagKeys.push(term.key);
      }
    }
    const narrators: NarratorRef[] = [];
    for (const name of row.narrators) {
      const found = named.get(name)!;
      if (isSaid(found)) problems.push(cellProblem(undefined, row.line, row.narratorsColumn, found));
      else narrators.push(found);
    }
    refs.set(row, { tagIds, tagKeys, narrators });
  }
  return { refs, sheetRefs, problems };
}

/** A manifest cell's narrator: by id, by a name in the sheet, or by a name the archive has; else the problem. */
async function narratorFor(api: ArchiveApi, name: string, sheet: Map<string, SheetNarrator[]>, sheetRefs: Map<SheetNarrator, NarratorRef>): Promise<NarratorRef | Said> {
  if (/^[0-9a-f]{24}$/i.test(name)) {
    const data = await api.gql<{ narrator: { id: string } }>(`query($id: ID!) { narrator(id: $id) { id } }`, { id: name }).catch(() => null);
    return data ? { id: data.narrator.id } : said('noNarratorId', { id: name });
  }
  const inSheet = sheet.get(foldPhrase(name)) ?? [];
  if (inSheet.length > 1) return said('twoInSheet', { name, count: inSheet.length, lines: inSheet.map((p) => p.line).join(', ') });
  if (inSheet[0]) return sheetRefs.get(inSheet[0]) ?? said('sheetRowBad', { name, line: inSheet[0].line });
  const found = await findNarrators(api, [name]);
  if (found.length === 0) return said('noNarrator', { name, sheet: 'narrators.csv' });
  if (found.length > 1) return said('ambiguousNarrator', { count: found.length, name, ids: found.join(', ') });
  return { id: found[0]! };
}

/** The archive's narrators any of whose names or display names fold to one of `names` (as search folds them). */
async function findNarrators(api: ArchiveApi, names: string[]): Promise<string[]> {
  const wanted = new Set(names.map(foldPhrase));
  const ids = new Set<string>();
  for (const name of names) {
    const data = await api.gql<{ narrators: { nodes: ArchiveNarrator[] } }>(
      `query($search: String!) { narrators(filter: { search: $search }, first: 100) { nodes { id displayName { kk ru en } names { value } } } }`,
      { search: name },
    );
    for (const n of data.narrators.nodes) {
      const all = [...Object.values(n.displayName), ...n.names.map((v) => v.value)].filter((v): v is string => Boolean(v));
      if (all.some((v) => wanted.has(foldPhrase(v)))) ids.add(n.id);
    }
  }
  return [...ids];
}

/** The sheet's new narrators, created before any recording is sent (their ids replace them in `sheetRefs`); how many. */
export async function createNarrators(api: ArchiveApi, sheetRefs: Map<SheetNarrator, NarratorRef>): Promise<number> {
  let created = 0;
  for (const [person, ref] of sheetRefs) {
    if (!('create' in ref)) continue;
    const { line: _line, detailsPublic, ...fields } = person;
    const input = { ...fields, ...(detailsPublic ? { detailsPublic } : {}) };
    const data = await api.gql<{ createNarrator: { id: string } }>(`mutation($input: CreateNarratorInput!) { createNarrator(input: $input) { id } }`, { input });
    sheetRefs.set(person, { id: data.createNarrator.id });
    created++;
  }
  return created;
}

/** The ids of a row's narrators, once createNarrators has run. */
export const narratorIdsOf = (refs: RowReferences, sheetRefs: Map<SheetNarrator, NarratorRef>) =>
  refs.narrators.map((ref) => {
    const resolved = 'create' in ref ? sheetRefs.get(ref.create)! : ref;
    if (!('id' in resolved)) throw new Error('a narrator of the sheet was not created before its interview');
    return resolved.id;
  });

/**
 * The title goes under the interview's first language when that is one the archive writes titles
 * in (kk, ru, en), else under en; editors can add the others later.
 */
export async function createInterview(api: ArchiveApi, row: ManifestRow, refs: RowReferences, narratorIds: string[]): Promise<string> {
  const title = row.title ?? basename(row.file, extname(row.file));
  const titleLanguage = ['kk', 'ru', 'en'].includes(row.languages[0] ?? '') ? row.languages[0]! : 'en';
  const input: Record<string, unknown> = {
    title: { [titleLanguage]: title },
    languages: row.languages,
    narratorIds,
    tagIds: refs.tagIds,
    ...(row.place ? { place: row.place } : {}),
    ...(row.recordedOn ? { recordedOn: `${row.recordedOn}T00:00:00.000Z` } : {}),
    ...(row.accessLevel ? { accessLevel: row.accessLevel } : {}),
    provenanceNotes: `Imported from ${row.file} by the batch import`,
  };
  const data = await api.gql<{ createInterview: { id: string } }>(`mutation($input: CreateInterviewInput!) { createInterview(input: $input) { id } }`, { input });
  return data.createInterview.id;
}

export type MasterState = 'present' | 'failed' | 'absent' | 'no-interview';

/**
 * Whether the master an earlier run sent (by asset id, or by checksum once verified) is still there
 * and not rejected. Asked of the archive rather than trusted from the state file: a copy that
 * failed verification (damaged on the way) is sent again, one still being verified is not.
 */
export async function masterState(api: ArchiveApi, interviewId: string, master: { assetId: string | null; sha256: string }): Promise<MasterState> {
  let data: { interview: { media: { id: string; kind: string; status: string; sha256: string | null }[] | null } };
  try {
    data = await api.gql(`query($id: ID!) { interview(id: $id) { media { id kind status sha256 } } }`, { id: interviewId });
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') return 'no-interview';
    throw err;
  }
  const masters = (data.interview.media ?? []).filter((m) => m.kind === 'master' && (m.id === master.assetId || m.sha256 === master.sha256));
  if (masters.some((m) => m.status !== 'failed')) return 'present';
  return masters.length ? 'failed' : 'absent';
}

/**
 * SHA-256 → interview of the masters already stored by this user (not failed ones), so a rerun
 * without its state file (deleted, or the folder copied elsewhere) still skips what is there.
 */
export async function storedChecksums(api: ArchiveApi): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let after: string | null = null;
  for (;;) {
    const data: {
      interviews: { nodes: { id: string; media: { kind: string; status: string; sha256: string | null }[] | null }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    } = await api.gql(
      `query($after: String) { interviews(filter: { mine: true }, first: 100, after: $after) { nodes { id media { kind status sha256 } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    for (const interview of data.interviews.nodes) {
      for (const m of interview.media ?? []) if (m.kind === 'master' && m.status !== 'failed' && m.sha256) found.set(m.sha256, interview.id);
    }
    if (!data.interviews.pageInfo.hasNextPage) return found;
    after = data.interviews.pageInfo.endCursor;
  }
}
