/**
 * A signed-in teacher's collection and search pages, as the site asks for them, on the real
 * FerretDB: the database commands a view sends do not grow with the archive (the same queries with
 * 30 interviews as with 10, records by `_id`, none read twice, no term read for the facets' names),
 * and the teacher's results, counts included, show a research-level interview only while they hold a
 * grant for it.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { commandsDuring, readTwice } from '../support/commands.js';
import { narrator, storedInterview, term } from '../support/factories.js';

let archive: TestArchive;
let teacher: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let editor: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let place: string;
const clips: string[] = [];
const SLUG = 'teacher-views-collection';
const DAY = 86_400_000;

const COLLECTION = `query($slug: String!) {
  collectionBySlug(slug: $slug) {
    id title { en } lesson { ageGuidance }
    blocks { id type start end interview { id title { en } narrators { id displayName { en } } languages playbackUrl playbackKind transcript { language } tags { key } } }
  }
}`;
const SEARCH = `query($q: String!) {
  search(q: $q, sort: relevance, first: 20, offset: 0) {
    total
    hits { kind interviewId interview { id title { en } narrators { id displayName { en } } indexSegments { id } } narrator { displayName { en } } collection { slug } }
    facets { name values { value count label { en } } }
  }
}`;

/** Public interviews that all speak of Zhetysu, each with its narrator and transcript, indexed. */
async function addInterviews(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const person = await narrator(archive, `Teacher Views Narrator ${i}`);
    const id = await storedInterview(archive, { narratorIds: [person], tagIds: [place], title: `Interview ${i}` });
    await archive.db.models.Transcript.create({
      interviewId: id, language: 'kk', status: 'approved',
      segments: [{ start: 0, end: 5, text: 'Zhetysu orchards in spring' }, { start: 5, end: 10, text: 'Zhetysu railway station' }],
    });
    await archive.logChange('Interview', id);
    ids.push(id);
  }
  return ids;
}

async function commandsFor(query: string, variables: Record<string, unknown>, token: string) {
  const { byId, queries, result } = await commandsDuring(archive, () => archive.gql(query, variables, token));
  expect(result.errors).toBeUndefined();
  return { byId, queries, data: result.data! };
}

beforeAll(async () => {
  archive = await startTestArchive({ ANONYMOUS_CACHE: 'off' });
  teacher = await archive.userWithRoles([Role.teacher]);
  editor = await archive.userWithRoles([Role.editor]);
  place = await term(archive, 'place', 'zhetysu', 'Zhetysu');
  await archive.logChange('VocabularyTerm', place);
  clips.push(...(await addInterviews(10)).slice(0, 5));
  const collection = await archive.db.models.Collection.create({
    slug: SLUG, title: { en: 'Orchards' }, audience: 'general', status: 'published', publishedAt: new Date(), createdBy: new Types.ObjectId(),
    blocks: clips.map((id) => ({ type: 'clip', interviewId: new Types.ObjectId(id), start: 0, end: 5, caption: { en: 'A clip' } })),
  });
  await archive.logChange('Collection', collection._id);
});
afterAll(() => archive?.close());

describe("a teacher's views cost the same whatever the archive's size", () => {
  it('the collection page: the same queries at 10 and at 30 interviews, each record by _id, once', async () => {
    const small = await commandsFor(COLLECTION, { slug: SLUG }, teacher.token);
    expect(small.data.collectionBySlug.blocks).toHaveLength(5);
    await addInterviews(20);
    const large = await commandsFor(COLLECTION, { slug: SLUG }, teacher.token);
    expect(large.data.collectionBySlug.blocks[0].interview.transcript.language).toBe('kk');
    expect(large.data.collectionBySlug.blocks[0].interview.tags.map((t: { key: string }) => t.key)).toEqual(['zhetysu']);
    // One query, the collection by its slug; everything else by `_id`: no read by interviewId, none twice.
    expect(large.queries).toEqual(small.queries);
    expect(large.queries).toEqual(['find:collections']);
    expect(large.byId.length).toBe(small.byId.length);
    expect(readTwice(large.byId)).toEqual([]);
    // Per clip its interview, its parts list, its transcript and its narrator; the session and its user.
    for (const kind of ['interviews', 'interview_parts', 'transcripts', 'narrators']) expect(large.byId.filter((k) => k.startsWith(`${kind}:`))).toHaveLength(5);
    expect(large.byId.filter((k) => /^(sessions|users):/.test(k))).toHaveLength(2);
  });

  it('the search page: no query but by _id at 40 interviews as at 30, and no term read for the facet names', async () => {
    const before = await commandsFor(SEARCH, { q: 'Zhetysu' }, teacher.token);
    await addInterviews(10);
    const after = await commandsFor(SEARCH, { q: 'Zhetysu' }, teacher.token);
    expect(after.data.search.total).toBeGreaterThan(before.data.search.total);
    expect(after.data.search.hits).toHaveLength(20);
    const places = after.data.search.facets.find((f: { name: string }) => f.name === 'places');
    expect(places.values).toEqual([{ value: place, count: expect.any(Number), label: { en: 'Zhetysu' } }]);
    expect(places.values[0].count).toBeGreaterThan(before.data.search.total / 2);
    expect(after.queries).toEqual([]);
    expect(before.queries).toEqual([]);
    expect(readTwice(after.byId)).toEqual([]);
    expect(after.byId.filter((k) => k.startsWith('vocabulary_terms:'))).toEqual([]);
    // The page's interviews and narrators, each once; the session and its user.
    const interviews = new Set(after.data.search.hits.map((h: { interviewId: string }) => h.interviewId));
    expect(after.byId.filter((k) => k.startsWith('interviews:'))).toHaveLength(interviews.size);
    expect(after.byId.filter((k) => /^(sessions|users):/.test(k))).toHaveLength(2);
  });

  it('narrator hits are judged by the interviews naming them, read by _id, not by a query over every interview', async () => {
    const found = await commandsFor(SEARCH, { q: 'Teacher Views Narrator' }, teacher.token);
    const named = found.data.search.hits.filter((h: { kind: string }) => h.kind === 'narrator');
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((h: { narrator: { displayName: { en: string } } | null }) => h.narrator?.displayName.en.startsWith('Teacher Views Narrator'))).toBe(true);
    expect(found.queries).toEqual([]);
    expect(readTwice(found.byId)).toEqual([]);
  });
});

describe("a teacher's search with and without a grant", () => {
  const SIMPLE = `query($q: String!) { search(q: $q, first: 50) { total hits { kind interviewId } facets { name values { value count } } } }`;
  const results = async (q: string, token: string) => {
    const res = await archive.gql(SIMPLE, { q }, token);
    expect(res.errors).toBeUndefined();
    const s = res.data!.search as { total: number; hits: { kind: string; interviewId: string | null }[]; facets: { name: string; values: { value: string; count: number }[] }[] };
    return { total: s.total, kinds: s.hits.map((h) => `${h.kind}:${h.interviewId}`).sort(), places: s.facets.find((f) => f.name === 'places')?.values ?? [] };
  };

  it('shows a research-level interview, its hits and counts, only while the grant is open, and to no other teacher', async () => {
    const closedPlace = await term(archive, 'place', 'kapal', 'Kapal');
    await archive.logChange('VocabularyTerm', closedPlace);
    const closed = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false }, title: 'Kapal garden memories', tagIds: [closedPlace] });
    await archive.db.models.Transcript.create({ interviewId: closed, language: 'ru', status: 'approved', segments: [{ start: 0, end: 5, text: 'Kapal garden well' }] });
    await archive.logChange('Interview', closed);

    const without = await results('Kapal', teacher.token);
    expect(without).toEqual({ total: 0, kinds: [], places: [] });
    // Staff see it: the words are there to be found.
    expect((await results('Kapal', editor.token)).kinds).toEqual([`interview:${closed}`, `segment:${closed}`]);

    const asked = await archive.gql(`mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id } }`, { input: { interviewId: closed, purpose: 'A lesson on Kapal', days: 7 } }, teacher.token);
    expect(asked.errors).toBeUndefined();
    const granted = await archive.gql(`mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }`, { input: { id: asked.data!.requestAccess.id, until: new Date(Date.now() + 7 * DAY) } }, editor.token);
    expect(granted.errors).toBeUndefined();

    const withGrant = await results('Kapal', teacher.token);
    expect(withGrant.kinds).toEqual([`interview:${closed}`, `segment:${closed}`]);
    expect(withGrant.total).toBe(2);
    expect(withGrant.places).toEqual([{ value: closedPlace, count: 2 }]);
    // The other interviews' results are what they were: the grant opens only its own interview.
    expect((await results('Zhetysu', teacher.token)).kinds.some((k) => k.endsWith(closed))).toBe(false);
    const other = await archive.userWithRoles([Role.teacher]);
    expect(await results('Kapal', other.token)).toEqual({ total: 0, kinds: [], places: [] });

    const ended = await archive.gql(`mutation($id: ID!) { endAccess(id: $id, reason: null) { state } }`, { id: asked.data!.requestAccess.id }, editor.token);
    expect(ended.errors).toBeUndefined();
    expect(await results('Kapal', teacher.token)).toEqual({ total: 0, kinds: [], places: [] });
  });
});
