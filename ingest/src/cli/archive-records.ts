/**
 * What the import asks of the archive besides uploads: turning the manifest's vocabulary terms (by
 * key or label) and narrator names into ids (queries only: nothing is created before every row checks out), creating
 * an interview per recording, and listing the checksums already stored.
 */
import { basename, extname } from 'node:path';
import { ApiError, type ArchiveApi } from './api-client.js';
import type { ManifestProblem, ManifestRow } from './manifest.js';

export interface RowReferences {
  tagIds: string[];
  /** The same terms by key, for the dry run's plan. */
  tagKeys: string[];
  narratorIds: string[];
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
export function pickTerm(cell: string, kind: string | null, candidates: Term[]): Term | string {
  const byKey = candidates.find((t) => t.key === cell);
  const pool = byKey ? [byKey] : kind ? candidates.filter((t) => t.kind === kind) : candidates;
  if (!candidates.length) return `no vocabulary term is called "${cell}" (by key, label or other spelling)`;
  if (!pool.length || (kind && pool[0]!.kind !== kind)) {
    return `"${cell}" names ${candidates.map(describe).join(', ')}, not ${/^[ae]/.test(kind!) ? 'an' : 'a'} ${kindName(kind!)} term`;
  }
  if (pool.length > 1) return `"${cell}" is ambiguous: it names ${[...pool].sort((a, b) => a.key.localeCompare(b.key)).map(describe).join('; ')}; write the key of the one you mean`;
  return pool[0]!;
}

export async function resolveReferences(api: ArchiveApi, rows: ManifestRow[]): Promise<{ refs: Map<ManifestRow, RowReferences>; problems: ManifestProblem[] }> {
  const problems: ManifestProblem[] = [];
  const terms = new Map<string, Term[]>();
  for (const label of new Set(rows.flatMap((r) => r.tags.map((t) => t.key)))) {
    const data = await api.gql<{ vocabularyTerms: { nodes: Term[] } }>(
      `query($label: String!) { vocabularyTerms(label: $label, first: 20) { nodes { id key kind labels { kk ru en } } } }`,
      { label },
    );
    terms.set(label, data.vocabularyTerms.nodes);
  }
  const narrators = new Map<string, string | string[] | null>();
  for (const name of new Set(rows.flatMap((r) => r.narrators))) narrators.set(name, await findNarrator(api, name));

  const refs = new Map<ManifestRow, RowReferences>();
  for (const row of rows) {
    const tagIds: string[] = [];
    const tagKeys: string[] = [];
    for (const { key, kind } of row.tags) {
      const term = pickTerm(key, kind, terms.get(key) ?? []);
      if (typeof term === 'string') problems.push({ line: row.line, message: term });
      else if (!tagIds.includes(term.id)) {
        tagIds.push(term.id);
        tagKeys.push(term.key);
      }
    }
    const narratorIds: string[] = [];
    for (const name of row.narrators) {
      const found = narrators.get(name);
      if (!found) problems.push({ line: row.line, message: `no narrator is called "${name}" (or has that id)` });
      else if (Array.isArray(found)) problems.push({ line: row.line, message: `${found.length} narrators are called "${name}"; write the id of the one you mean (${found.join(', ')})` });
      else narratorIds.push(found);
    }
    refs.set(row, { tagIds, tagKeys, narratorIds });
  }
  return { refs, problems };
}

/** An id, or the narrators whose display name is exactly `name` (any case): one id, several (ambiguous) or null. */
async function findNarrator(api: ArchiveApi, name: string): Promise<string | string[] | null> {
  if (/^[0-9a-f]{24}$/i.test(name)) {
    const data = await api.gql<{ narrator: { id: string } }>(`query($id: ID!) { narrator(id: $id) { id } }`, { id: name }).catch(() => null);
    return data?.narrator.id ?? null;
  }
  const data = await api.gql<{ narrators: { nodes: { id: string; displayName: Record<string, string | null> }[] } }>(
    `query($search: String!) { narrators(filter: { search: $search }, first: 100) { nodes { id displayName { kk ru en } } } }`,
    { search: name },
  );
  const wanted = name.toLocaleLowerCase();
  const exact = data.narrators.nodes.filter((n) => Object.values(n.displayName).some((v) => v?.toLocaleLowerCase() === wanted));
  if (exact.length === 0) return null;
  return exact.length === 1 ? exact[0]!.id : exact.map((n) => n.id);
}

/**
 * The title goes under the interview's first language when that is one the archive writes titles
 * in (kk, ru, en), else under en; editors can add the others later.
 */
export async function createInterview(api: ArchiveApi, row: ManifestRow, refs: RowReferences): Promise<string> {
  const title = row.title ?? basename(row.file, extname(row.file));
  const titleLanguage = ['kk', 'ru', 'en'].includes(row.languages[0] ?? '') ? row.languages[0]! : 'en';
  const input: Record<string, unknown> = {
    title: { [titleLanguage]: title },
    languages: row.languages,
    narratorIds: refs.narratorIds,
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
