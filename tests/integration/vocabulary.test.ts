import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { startTestArchive, type GraphQLResponse, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
let editor: { id: string; token: string };
beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
});
afterAll(() => archive?.close());

const TERM = 'id kind key labels { kk ru en } altLabels startYear endYear latitude longitude version parent { id key }';
const CREATE = `mutation($input: CreateVocabularyTermInput!) { createVocabularyTerm(input: $input) { ${TERM} } }`;
const UPDATE = `mutation($input: UpdateVocabularyTermInput!) { updateVocabularyTerm(input: $input) { ${TERM} } }`;
const DELETE = `mutation($id: ID!) { deleteVocabularyTerm(id: $id) }`;
const GET = `query($id: ID!) { vocabularyTerm(id: $id) { ${TERM} } }`;
const LIST = `query($kind: TermKind, $search: String, $parentId: ID, $first: Int, $after: String) {
  vocabularyTerms(kind: $kind, search: $search, parentId: $parentId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ${TERM} }
  }
}`;

const errorOf = (res: GraphQLResponse) => res.errors?.[0];
/** Our own checks name `field`; class-validator's name the input paths in `fields`. */
const fieldOf = (res: GraphQLResponse) => {
  const ext = errorOf(res)?.extensions;
  return (ext?.field as string | undefined) ?? (ext?.fields as string[] | undefined)?.[0];
};

let serial = 0;
async function create(input: Record<string, unknown>, token = editor.token) {
  serial += 1;
  const res = await archive.gql(CREATE, { input: { kind: 'topic', key: `topic-${serial}`, labels: { en: `Topic ${serial}` }, ...input } }, token);
  return res;
}
async function created(input: Record<string, unknown>) {
  const res = await create(input);
  expect(res.errors).toBeUndefined();
  return res.data!.createVocabularyTerm as Record<string, any>;
}
const countTerms = () => archive.db.models.VocabularyTerm.countDocuments({});

describe('vocabulary terms', () => {
  it('lets an editor create a term that everyone, signed in or not, can read', async () => {
    const koreans = await created({
      kind: 'ethnic_group',
      key: 'koreans',
      labels: { kk: ' Корейлер ', ru: 'Корейцы', en: 'Koreans' },
      altLabels: ['Koryo-saram', 'Корё-сарам', ' ', 'Koryo-saram'],
    });
    expect(koreans).toMatchObject({
      kind: 'ethnic_group',
      key: 'koreans',
      labels: { kk: 'Корейлер', ru: 'Корейцы', en: 'Koreans' },
      altLabels: ['Koryo-saram', 'Корё-сарам'],
      version: 1,
      parent: null,
      startYear: null,
      latitude: null,
    });
    const anonymous = await archive.gql(GET, { id: koreans.id });
    expect(anonymous.data?.vocabularyTerm).toEqual(koreans);

    const audit = await archive.db.models.AuditEvent.find({ targetId: new Types.ObjectId(koreans.id) }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'vocabulary.create', actorId: new Types.ObjectId(editor.id) });
    expect(audit[0]!.after).toMatchObject({ key: 'koreans', kind: 'ethnic_group' });
  });

  it('stores eras with years (an open end for the modern city) and places with coordinates', async () => {
    const modern = await created({ kind: 'era', key: 'modern-city', labels: { en: 'The modern city' }, startYear: 2000 });
    expect(modern).toMatchObject({ startYear: 2000, endYear: null });
    const medeu = await created({ kind: 'place', key: 'medeu', labels: { en: 'Medeu' }, latitude: 43.157, longitude: 77.059 });
    expect(medeu).toMatchObject({ latitude: 43.157, longitude: 77.059 });
  });

  it('answers NOT_FOUND for an unknown id and BAD_USER_INPUT naming the field for a malformed one', async () => {
    const unknown = await archive.gql(GET, { id: new Types.ObjectId().toHexString() });
    expect(errorOf(unknown)?.extensions?.code).toBe('NOT_FOUND');
    const malformed = await archive.gql(GET, { id: 'koreans' });
    expect(errorOf(malformed)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('lists by kind and parent, resolving parents in one batched query', async () => {
    const region = await created({ kind: 'place', key: 'almaty-region', labels: { en: 'Almaty region' } });
    const children = [];
    for (const key of ['ushtobe', 'talgar', 'kaskelen']) {
      children.push(await created({ kind: 'place', key, labels: { en: key }, parentId: region.id }));
    }
    const finds: string[] = [];
    const client = archive.db.conn.getClient();
    const onCommand = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'find' && event.command.find === 'vocabulary_terms') finds.push('find');
    };
    // The search index re-reads changed records in the background; stopped, it cannot add to the count.
    await archive.api.services.search.stop();
    client.on('commandStarted', onCommand);
    const res = await archive.gql(LIST, { parentId: region.id });
    client.off('commandStarted', onCommand);
    expect(res.errors).toBeUndefined();
    const list = res.data!.vocabularyTerms;
    expect(list.totalCount).toBe(3);
    expect(list.nodes.map((n: any) => n.key).sort()).toEqual(['kaskelen', 'talgar', 'ushtobe']);
    expect(list.nodes.every((n: any) => n.parent.key === 'almaty-region')).toBe(true);
    // One find for the page, one for all the parents together: no query per term.
    expect(finds).toHaveLength(2);

    const places = await archive.gql(LIST, { kind: 'place', first: 100 });
    expect(places.data!.vocabularyTerms.nodes.every((n: any) => n.kind === 'place')).toBe(true);
    expect(places.data!.vocabularyTerms.totalCount).toBeGreaterThanOrEqual(children.length + 1);
  });

  it('finds terms by any part of a label or other spelling, in any case and script, with regex syntax taken literally', async () => {
    await created({ kind: 'ethnic_group', key: 'uyghurs', labels: { kk: 'Ұйғырлар', ru: 'Уйгуры', en: 'Uyghurs' }, altLabels: ['Uighurs', 'Uygur (old spelling)'] });
    const keys = async (search: string, kind = 'ethnic_group') => {
      const res = await archive.gql(LIST, { search, kind });
      expect(res.errors).toBeUndefined();
      return res.data!.vocabularyTerms.nodes.map((n: any) => n.key);
    };
    expect(await keys('уйгу')).toEqual(['uyghurs']);
    expect(await keys('ҰЙҒЫР')).toEqual(['uyghurs']);
    expect(await keys('uighur')).toEqual(['uyghurs']);
    expect(await keys('(old')).toEqual(['uyghurs']);
    expect(await keys('.*')).toEqual([]);
    expect(await keys('koryo')).toEqual(['koreans']);
    expect(await keys('uyghur', 'place')).toEqual([]);
  });

  it('pages with cursors: every term once, newest first', async () => {
    for (let i = 0; i < 5; i++) await created({ kind: 'topic', key: `paging-${i}`, labels: { en: `Paging ${i}` } });
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const res: GraphQLResponse = await archive.gql(LIST, { search: 'paging', first: 2, after });
      const page = res.data!.vocabularyTerms;
      total = page.totalCount;
      seen.push(...page.nodes.map((n: any) => n.key));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(total).toBe(5);
    expect(seen).toEqual(['paging-4', 'paging-3', 'paging-2', 'paging-1', 'paging-0']);
    const badCursor = await archive.gql(LIST, { after: 'not-a-cursor' });
    expect(fieldOf(badCursor)).toBe('after');
  });

  it('updates with optimistic concurrency: a stale version is a CONFLICT that writes nothing', async () => {
    const jeltoqsan = await created({ kind: 'era', key: 'jeltoqsan', labels: { en: 'December 1986' }, startYear: 1986, endYear: 1986 });
    const first = await archive.gql(UPDATE, {
      input: { id: jeltoqsan.id, version: 1, labels: { kk: 'Желтоқсан', en: 'Jeltoqsan 1986' }, altLabels: ['Zheltoksan'] },
    }, editor.token);
    expect(first.errors).toBeUndefined();
    expect(first.data!.updateVocabularyTerm).toMatchObject({
      version: 2,
      key: 'jeltoqsan',
      startYear: 1986,
      labels: { kk: 'Желтоқсан', ru: null, en: 'Jeltoqsan 1986' },
      altLabels: ['Zheltoksan'],
    });
    const stale = await archive.gql(UPDATE, { input: { id: jeltoqsan.id, version: 1, key: 'december-1986' } }, editor.token);
    expect(errorOf(stale)?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const stored = await archive.db.models.VocabularyTerm.findById(jeltoqsan.id).lean();
    expect(stored).toMatchObject({ key: 'jeltoqsan', version: 2 });

    const audit = await archive.db.models.AuditEvent.find({ targetId: stored!._id, action: 'vocabulary.update' }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ labels: { en: 'December 1986' }, altLabels: [] });
    expect(audit[0]!.after).toEqual({ labels: { kk: 'Желтоқсан', en: 'Jeltoqsan 1986' }, altLabels: ['Zheltoksan'] });
  });

  it('clears optional fields with null and keeps omitted ones', async () => {
    const parent = await created({ kind: 'topic', key: 'war', labels: { en: 'War' } });
    const child = await created({ kind: 'topic', key: 'evacuation', labels: { en: 'Evacuation' }, parentId: parent.id });
    const res = await archive.gql(UPDATE, { input: { id: child.id, version: 1, parentId: null } }, editor.token);
    expect(res.data?.updateVocabularyTerm).toMatchObject({ parent: null, key: 'evacuation', labels: { en: 'Evacuation' } });
  });

  it('keeps changes to editors: anonymous is UNAUTHENTICATED, a teacher or researcher FORBIDDEN, and nothing is written', async () => {
    const term = await created({ kind: 'topic', key: 'guarded', labels: { en: 'Guarded' } });
    const teacher = await archive.userWithRoles([Role.teacher]);
    const researcher = await archive.userWithRoles([Role.researcher]);
    const before = await countTerms();
    const input = { kind: 'topic', key: 'intruder', labels: { en: 'Intruder' } };
    expect(errorOf(await archive.gql(CREATE, { input }))?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorOf(await archive.gql(CREATE, { input }, teacher.token))?.extensions?.code).toBe('FORBIDDEN');
    expect(errorOf(await archive.gql(CREATE, { input }, researcher.token))?.extensions?.code).toBe('FORBIDDEN');
    const update = { input: { id: term.id, version: 1, key: 'renamed' } };
    expect(errorOf(await archive.gql(UPDATE, update))?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorOf(await archive.gql(UPDATE, update, teacher.token))?.extensions?.code).toBe('FORBIDDEN');
    expect(errorOf(await archive.gql(DELETE, { id: term.id }))?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorOf(await archive.gql(DELETE, { id: term.id }, teacher.token))?.extensions?.code).toBe('FORBIDDEN');
    expect(await countTerms()).toBe(before);
    expect(await archive.db.models.VocabularyTerm.findById(term.id).lean()).toMatchObject({ key: 'guarded', version: 1 });
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const era = await created({ kind: 'era', key: 'deportations-1937', labels: { en: 'Deportations' }, startYear: 1936, endYear: 1937 });
    const before = await countTerms();
    const auditBefore = await archive.db.models.AuditEvent.countDocuments({});
    const cases: [Record<string, unknown>, string][] = [
      [{ key: 'Not A Slug' }, 'key'],
      [{ key: 'double--hyphen' }, 'key'],
      [{ key: 'deportations-1937' }, 'key'],
      [{ labels: { kk: '  ', ru: null } }, 'labels'],
      [{ labels: { en: 'x'.repeat(501) } }, 'labels.en'],
      [{ altLabels: ['y'.repeat(501)] }, 'altLabels'],
      [{ kind: 'era', startYear: 1945, endYear: 1941 }, 'endYear'],
      [{ kind: 'era', endYear: 1941 }, 'startYear'],
      [{ kind: 'topic', startYear: 1941 }, 'startYear'],
      [{ kind: 'place', latitude: 95, longitude: 77 }, 'latitude'],
      [{ kind: 'place', latitude: 43, longitude: -181 }, 'longitude'],
      [{ kind: 'place', latitude: 43 }, 'longitude'],
      [{ kind: 'topic', latitude: 43, longitude: 77 }, 'latitude'],
      [{ kind: 'topic', parentId: era.id }, 'parentId'],
      [{ kind: 'topic', parentId: new Types.ObjectId().toHexString() }, 'parentId'],
      [{ kind: 'topic', parentId: 'war' }, 'parentId'],
    ];
    for (const [input, field] of cases) {
      const res = await create(input);
      expect(errorOf(res)?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(fieldOf(res), JSON.stringify(input)).toBe(field);
      expect(errorOf(res)?.message).toContain(field);
    }
    const stale = await archive.gql(UPDATE, { input: { id: era.id, version: 1, startYear: 1938 } }, editor.token);
    expect(fieldOf(stale)).toBe('endYear');
    expect(await countTerms()).toBe(before);
    expect(await archive.db.models.AuditEvent.countDocuments({})).toBe(auditBefore);
    expect(await archive.db.models.VocabularyTerm.findById(era.id).lean()).toMatchObject({ startYear: 1936, version: 1 });
  });

  it('refuses a parent that would make a cycle', async () => {
    const a = await created({ kind: 'place', key: 'kazakhstan', labels: { en: 'Kazakhstan' } });
    const b = await created({ kind: 'place', key: 'almaty', labels: { en: 'Almaty' }, parentId: a.id });
    const c = await created({ kind: 'place', key: 'kok-tobe', labels: { en: 'Kok-Tobe' }, parentId: b.id });
    for (const parentId of [a.id, c.id]) {
      const res = await archive.gql(UPDATE, { input: { id: a.id, version: 1, parentId } }, editor.token);
      expect(fieldOf(res)).toBe('parentId');
    }
    expect((await archive.db.models.VocabularyTerm.findById(a.id).lean())?.parentId).toBeNull();
  });

  it('refuses to delete a term in use, saying how many use it, and deletes it once unused', async () => {
    const germans = await created({ kind: 'ethnic_group', key: 'germans', labels: { en: 'Germans' } });
    const volga = await created({ kind: 'ethnic_group', key: 'volga-germans', labels: { en: 'Volga Germans' }, parentId: germans.id });
    const termId = new Types.ObjectId(germans.id);
    // One tags the whole interview, one only a chapter of its index: both are uses.
    const interviews = await Promise.all(
      [{ tagIds: [termId] }, { indexSegments: [{ start: 0, subjectIds: [termId] }] }].map((use) =>
        archive.db.models.Interview.create({
          title: { en: 'An invented interview' },
          ...use,
          status: 'published',
          accessLevel: AccessLevel.public,
          release: { permits: AccessLevel.public, withdrawn: false },
          createdBy: new Types.ObjectId(editor.id),
        }),
      ),
    );
    const narrator = await archive.db.models.Narrator.create({
      names: [{ value: 'Invented Narrator', script: 'Latn' }],
      displayName: { en: 'Invented Narrator' },
      ethnicGroupIds: [termId],
      createdBy: new Types.ObjectId(editor.id),
    });
    const refused = await archive.gql(DELETE, { id: germans.id }, editor.token);
    expect(errorOf(refused)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(errorOf(refused)?.message).toContain('2 interviews');
    expect(errorOf(refused)?.message).toContain('1 narrator');
    expect(errorOf(refused)?.message).toContain('1 narrower term');
    expect(await archive.db.models.VocabularyTerm.exists({ _id: termId })).toBeTruthy();

    await archive.db.models.Interview.deleteMany({ _id: { $in: interviews.map((i) => i._id) } });
    await narrator.deleteOne();
    expect(errorOf(await archive.gql(DELETE, { id: germans.id }, editor.token))?.message).toMatch(/1 narrower term[^s]/);
    expect((await archive.gql(DELETE, { id: volga.id }, editor.token)).data?.deleteVocabularyTerm).toBe(volga.id);
    const deleted = await archive.gql(DELETE, { id: germans.id }, editor.token);
    expect(deleted.data?.deleteVocabularyTerm).toBe(germans.id);
    expect(errorOf(await archive.gql(GET, { id: germans.id }))?.extensions?.code).toBe('NOT_FOUND');
    const audit = await archive.db.models.AuditEvent.findOne({ targetId: termId, action: 'vocabulary.delete' }).lean();
    expect(audit?.before).toMatchObject({ key: 'germans', kind: 'ethnic_group' });
  });
});
