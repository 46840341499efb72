import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { startTestArchive, type GraphQLResponse, type TestArchive } from '../support/archive.js';
import { commandsDuring, readTwice } from '../support/commands.js';

let archive: TestArchive;
let researcher: { id: string; token: string };
let teacher: { id: string; token: string };
let koreans: string;
let uyghurs: string;
let era: string;
beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
  teacher = await archive.userWithRoles([Role.teacher]);
  const term = async (kind: 'ethnic_group' | 'era', key: string) =>
    (await archive.db.models.VocabularyTerm.create({ kind, key, labels: { en: key } }))._id.toHexString();
  koreans = await term('ethnic_group', 'koreans');
  uyghurs = await term('ethnic_group', 'uyghurs');
  era = await term('era', 'war-1941-1945');
});
afterAll(() => archive?.close());

const NARRATOR = `id names { value script lang } displayName { kk ru en } birthYear birthPlace ethnicIdentity
  ethnicGroups { id key } roles biography { en } hasPortrait contact { phone email address } notes version detailsPublic`;
const CREATE = `mutation($input: CreateNarratorInput!) { createNarrator(input: $input) { ${NARRATOR} } }`;
const UPDATE = `mutation($input: UpdateNarratorInput!) { updateNarrator(input: $input) { ${NARRATOR} } }`;
const GET = `query($id: ID!) { narrator(id: $id) { ${NARRATOR} } }`;
const LIST = `query($filter: NarratorsFilter, $first: Int, $after: String) {
  narrators(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${NARRATOR} } }
}`;

const errorOf = (res: GraphQLResponse) => res.errors?.[0];
/** Our own checks name `field`; class-validator's name the input paths in `fields`. */
const fieldOf = (res: GraphQLResponse) => {
  const ext = errorOf(res)?.extensions;
  return (ext?.field as string | undefined) ?? (ext?.fields as string[] | undefined)?.[0];
};

let serial = 0;
const baseInput = () => {
  serial += 1;
  return { names: [{ value: `Invented Narrator ${serial}`, script: 'Latn', lang: 'en' }], displayName: { en: `Invented Narrator ${serial}` } };
};
async function createNarrator(input: Record<string, unknown> = {}) {
  const res = await archive.gql(CREATE, { input: { ...baseInput(), ...input } }, researcher.token);
  expect(res.errors).toBeUndefined();
  return res.data!.createNarrator as Record<string, any>;
}

/** An interview stored directly in the state a test needs (the interview API has tests of its own). */
async function interviewNaming(narratorIds: string[], state: Record<string, unknown> = {}) {
  await archive.db.models.Interview.create({
    title: { en: 'An invented interview' },
    narratorIds: narratorIds.map((id) => new Types.ObjectId(id)),
    status: 'published',
    accessLevel: AccessLevel.public,
    release: { permits: AccessLevel.public, withdrawn: false },
    createdBy: new Types.ObjectId(researcher.id),
    ...state,
  });
}

const listIds = async (token?: string, filter?: Record<string, unknown>) => {
  const res = await archive.gql(LIST, { filter, first: 100 }, token);
  expect(res.errors).toBeUndefined();
  const page = res.data!.narrators;
  return { ids: page.nodes.map((n: any) => n.id) as string[], totalCount: page.totalCount as number };
};

describe('narrators', () => {
  it('lets staff record a narrator with names in several scripts, ethnic groups and personal data', async () => {
    const created = await createNarrator({
      names: [
        { value: 'Ким Мария Андреевна', script: 'Cyrl', lang: 'ru' },
        { value: 'Kim Maria', script: 'Latn', lang: 'en' },
        { value: '김 마리아', script: 'Hang', lang: 'ko' },
      ],
      displayName: { kk: 'Мария Ким', ru: 'Мария Ким', en: 'Maria Kim' },
      birthYear: 1931,
      birthPlace: ' Primorye ',
      ethnicIdentity: 'Koryo-saram',
      ethnicGroupIds: [koreans, koreans],
      roles: ['labour_veteran', 'diaspora_elder'],
      biography: { en: 'An invented biography for the demo.' },
      contact: { phone: '+7 700 000 00 00', email: 'Family@Example.org' },
      notes: 'Prefers morning visits',
    });
    expect(created).toMatchObject({
      names: [
        { value: 'Ким Мария Андреевна', script: 'Cyrl', lang: 'ru' },
        { value: 'Kim Maria', script: 'Latn', lang: 'en' },
        { value: '김 마리아', script: 'Hang', lang: 'ko' },
      ],
      displayName: { kk: 'Мария Ким', ru: 'Мария Ким', en: 'Maria Kim' },
      birthYear: 1931,
      birthPlace: 'Primorye',
      ethnicGroups: [{ id: koreans, key: 'koreans' }],
      roles: ['labour_veteran', 'diaspora_elder'],
      hasPortrait: false,
      contact: { phone: '+7 700 000 00 00', email: 'family@example.org', address: null },
      notes: 'Prefers morning visits',
      version: 1,
    });
    const stored = await archive.db.models.Narrator.findById(created.id).lean();
    expect(String(stored?.createdBy)).toBe(researcher.id);

    // The audit trail keeps that personal data was set, not the data itself.
    const audit = await archive.db.models.AuditEvent.findOne({ targetId: stored!._id, action: 'narrator.create' }).lean();
    expect(audit?.after).toMatchObject({ birthYear: 1931, contact: '(personal data)', notes: '(personal data)' });
    expect(JSON.stringify(audit)).not.toContain('+7 700');
  });

  it('reads a name’s script from its letters when the client leaves it out, and keeps one it gives', async () => {
    const created = await createNarrator({
      names: [{ value: 'Әлия Нұрова', lang: 'kk' }, { value: 'Aliya Nurova' }, { value: '알리야' }, { value: 'Aliya N.', script: 'Latn' }],
      displayName: { kk: 'Әлия Нұрова' },
    });
    expect(created.names).toEqual([
      { value: 'Әлия Нұрова', script: 'Cyrl', lang: 'kk' },
      { value: 'Aliya Nurova', script: 'Latn', lang: null },
      { value: '알리야', script: 'Hang', lang: null },
      { value: 'Aliya N.', script: 'Latn', lang: null },
    ]);
  });

  it('shows contact and notes to staff only: null for anonymous and teachers', async () => {
    const created = await createNarrator({ contact: { address: 'Invented street 1' }, notes: 'Hard of hearing' });
    await interviewNaming([created.id]);
    for (const token of [undefined, teacher.token]) {
      const res = await archive.gql(GET, { id: created.id }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.narrator).toMatchObject({ id: created.id, contact: null, notes: null });
      const list = await archive.gql(LIST, { filter: { search: created.names[0].value } }, token);
      expect(list.data!.narrators.nodes).toEqual([expect.objectContaining({ contact: null, notes: null })]);
    }
    const editor = await archive.userWithRoles([Role.editor]);
    for (const token of [researcher.token, editor.token]) {
      const res = await archive.gql(GET, { id: created.id }, token);
      expect(res.data!.narrator).toMatchObject({ contact: { address: 'Invented street 1' }, notes: 'Hard of hearing' });
    }
  });

  it('shows birth year, birthplace and ethnic identity to the public only where the narrator agreed (detailsPublic)', async () => {
    const place = (await archive.db.models.VocabularyTerm.create({ kind: 'place', key: `place-${serial}`, labels: { en: 'Verny' } }))._id.toHexString();
    const details = { birthYear: 1931, birthPlace: 'Verny', birthPlaceTermId: place, ethnicIdentity: 'Korean from the Far East' };
    const FIELDS = `query($id: ID!) { narrator(id: $id) { birthYear birthPlace ethnicIdentity detailsPublic birthPlaceTerm { id } } }`;
    const hidden = await createNarrator(details);
    expect(hidden.detailsPublic).toBe(false);
    const editor = await archive.userWithRoles([Role.editor]);
    // Opening them is an editor's act; a researcher may record them, not publish them.
    const byResearcher = await archive.gql(CREATE, { input: { ...baseInput(), ...details, detailsPublic: true } }, researcher.token);
    expect(errorOf(byResearcher)?.extensions?.code).toBe('FORBIDDEN');
    const agreed = await archive.gql(CREATE, { input: { ...baseInput(), ...details, detailsPublic: true } }, editor.token);
    expect(agreed.errors).toBeUndefined();
    const shown = agreed.data!.createNarrator;
    await interviewNaming([hidden.id, shown.id]);
    const shownDetails = { birthYear: 1931, birthPlace: 'Verny', ethnicIdentity: 'Korean from the Far East', birthPlaceTerm: { id: place } };
    const withheld = { birthYear: null, birthPlace: null, ethnicIdentity: null, birthPlaceTerm: null, detailsPublic: false };
    for (const token of [undefined, teacher.token]) {
      expect((await archive.gql(FIELDS, { id: hidden.id }, token)).data!.narrator).toEqual(withheld);
      expect((await archive.gql(FIELDS, { id: shown.id }, token)).data!.narrator).toEqual({ ...shownDetails, detailsPublic: true });
    }
    for (const token of [researcher.token, editor.token]) {
      expect((await archive.gql(FIELDS, { id: hidden.id }, token)).data!.narrator).toEqual({ ...shownDetails, detailsPublic: false });
    }
    const update = (id: string, version: number, detailsPublic: boolean, token: string) =>
      archive.gql(UPDATE, { input: { id, version, detailsPublic } }, token);
    expect(errorOf(await update(hidden.id, hidden.version, true, researcher.token))?.extensions?.code).toBe('FORBIDDEN');
    // Closing them again is open to all staff.
    expect((await update(shown.id, shown.version, false, researcher.token)).errors).toBeUndefined();
    expect((await archive.gql(FIELDS, { id: shown.id })).data!.narrator).toEqual(withheld);
  });

  it('hides a narrator whose only interviews the viewer may not see: NOT_FOUND, and absent from lists and counts', async () => {
    const open = await createNarrator();
    const education = await createNarrator();
    const draft = await createNarrator();
    const withdrawn = await createNarrator();
    const unnamed = await createNarrator();
    await interviewNaming([open.id]);
    await interviewNaming([education.id], {
      accessLevel: AccessLevel.education,
      release: { permits: AccessLevel.education, withdrawn: false },
    });
    await interviewNaming([draft.id], { status: 'draft' });
    await interviewNaming([withdrawn.id], { release: { permits: AccessLevel.public, withdrawn: true } });

    const anonymous = await listIds();
    const asTeacher = await listIds(teacher.token);
    const asStaff = await listIds(researcher.token);
    expect(anonymous.ids).toContain(open.id);
    expect(asTeacher.ids).toEqual(expect.arrayContaining([open.id, education.id]));
    for (const hidden of [education, draft, withdrawn, unnamed]) {
      expect(anonymous.ids).not.toContain(hidden.id);
      expect(errorOf(await archive.gql(GET, { id: hidden.id }))?.extensions?.code).toBe('NOT_FOUND');
    }
    for (const hidden of [draft, withdrawn, unnamed]) {
      expect(asTeacher.ids).not.toContain(hidden.id);
      expect(errorOf(await archive.gql(GET, { id: hidden.id }, teacher.token))?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(anonymous.totalCount).toBe(anonymous.ids.length);
    expect(asTeacher.totalCount).toBe(asTeacher.ids.length);
    expect(asStaff.ids).toEqual(expect.arrayContaining([open.id, education.id, draft.id, withdrawn.id, unnamed.id]));
    expect(asStaff.totalCount).toBe(await archive.db.models.Narrator.countDocuments({}));
    // Hidden and non-existent look the same: the answer must not reveal that the narrator exists.
    const missing = await archive.gql(GET, { id: new Types.ObjectId().toHexString() });
    expect(errorOf(missing)?.message).toBe(errorOf(await archive.gql(GET, { id: draft.id }))?.message);
  });

  it('filters by ethnic group, role and any spelling of the name, resolving ethnic groups in one query', async () => {
    const a = await createNarrator({
      names: [{ value: 'Абдуллаева Гульнара', script: 'Cyrl', lang: 'ru' }, { value: 'Abdullayeva Gulnara', script: 'Latn' }],
      displayName: { en: 'Gulnara Abdullayeva (invented)' },
      ethnicGroupIds: [uyghurs],
      roles: ['community_leader'],
    });
    const b = await createNarrator({ displayName: { ru: 'Пак Сергей (вымышленный)' }, ethnicGroupIds: [koreans, uyghurs], roles: ['witness'] });
    await interviewNaming([a.id, b.id]);
    expect((await listIds(undefined, { ethnicGroupId: uyghurs })).ids.sort()).toEqual([a.id, b.id].sort());
    expect((await listIds(undefined, { ethnicGroupId: uyghurs, role: 'witness' })).ids).toEqual([b.id]);
    expect((await listIds(undefined, { search: 'гульнара' })).ids).toEqual([a.id]);
    expect((await listIds(undefined, { search: 'ABDULLAYEVA' })).ids).toEqual([a.id]);
    expect((await listIds(undefined, { search: 'пак с' })).ids).toEqual([b.id]);
    expect((await listIds(undefined, { search: '(invented' })).ids).toEqual([a.id]);
    expect((await listIds(undefined, { search: '.*' })).ids).toEqual([]);
    const badFilter = await archive.gql(LIST, { filter: { ethnicGroupId: 'uyghurs' } });
    expect(errorOf(badFilter)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.ethnicGroupId' });

    // The search index re-reads changed records in the background; stopped, it cannot add to the count.
    await archive.api.services.search.stop();
    const { queries, byId, result: res } = await commandsDuring(archive, () => archive.gql(LIST, { filter: { ethnicGroupId: uyghurs } }, researcher.token));
    expect(res.data!.narrators.nodes.map((n: any) => n.ethnicGroups.map((g: any) => g.key).sort())).toEqual(
      expect.arrayContaining([['uyghurs'], ['koreans', 'uyghurs']]),
    );
    // The ethnic groups of every narrator on the page: each term read once (by _id on FerretDB, one $in on MongoDB).
    expect(queries.filter((c) => c.endsWith(':vocabulary_terms'))).toEqual([]);
    expect(byId.filter((k) => k.startsWith('vocabulary_terms:'))).toHaveLength(2);
    expect(readTwice(byId)).toEqual([]);
  });

  it('updates with optimistic concurrency: a stale version is a CONFLICT that writes nothing', async () => {
    const created = await createNarrator({ birthYear: 1925, notes: 'first notes' });
    const first = await archive.gql(UPDATE, { input: { id: created.id, version: 1, birthYear: 1926, notes: 'second notes', roles: ['war_veteran'] } }, researcher.token);
    expect(first.errors).toBeUndefined();
    expect(first.data!.updateNarrator).toMatchObject({ version: 2, birthYear: 1926, notes: 'second notes', roles: ['war_veteran'], names: created.names });
    const stale = await archive.gql(UPDATE, { input: { id: created.id, version: 1, birthYear: 1927 } }, researcher.token);
    expect(errorOf(stale)?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const stored = await archive.db.models.Narrator.findById(created.id).lean();
    expect(stored).toMatchObject({ birthYear: 1926, version: 2, notes: 'second notes' });

    const audit = await archive.db.models.AuditEvent.find({ targetId: stored!._id, action: 'narrator.update' }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ birthYear: 1925, roles: [], notes: '(personal data)' });
    expect(audit[0]!.after).toEqual({ birthYear: 1926, roles: ['war_veteran'], notes: '(personal data)' });

    const cleared = await archive.gql(UPDATE, { input: { id: created.id, version: 2, birthYear: null, notes: null } }, researcher.token);
    expect(cleared.data!.updateNarrator).toMatchObject({ birthYear: null, notes: null, version: 3 });
  });

  it('keeps changes to staff: anonymous is UNAUTHENTICATED, a teacher FORBIDDEN, and nothing is written', async () => {
    const created = await createNarrator();
    const before = await archive.db.models.Narrator.countDocuments({});
    const input = baseInput();
    expect(errorOf(await archive.gql(CREATE, { input }))?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorOf(await archive.gql(CREATE, { input }, teacher.token))?.extensions?.code).toBe('FORBIDDEN');
    const update = { input: { id: created.id, version: 1, birthYear: 1940 } };
    expect(errorOf(await archive.gql(UPDATE, update))?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorOf(await archive.gql(UPDATE, update, teacher.token))?.extensions?.code).toBe('FORBIDDEN');
    expect(await archive.db.models.Narrator.countDocuments({})).toBe(before);
    expect(await archive.db.models.Narrator.findById(created.id).lean()).toMatchObject({ birthYear: null, version: 1 });
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const created = await createNarrator({ ethnicGroupIds: [koreans] });
    const before = await archive.db.models.Narrator.countDocuments({});
    const auditBefore = await archive.db.models.AuditEvent.countDocuments({});
    const nextYear = new Date().getUTCFullYear() + 1;
    const cases: [Record<string, unknown>, string][] = [
      [{ ethnicGroupIds: [new Types.ObjectId().toHexString()] }, 'ethnicGroupIds'],
      [{ ethnicGroupIds: [era] }, 'ethnicGroupIds'],
      [{ ethnicGroupIds: ['koreans'] }, 'ethnicGroupIds[0]'],
      [{ birthPlaceTermId: koreans }, 'birthPlaceTermId'],
      [{ birthYear: 1849 }, 'birthYear'],
      [{ birthYear: nextYear }, 'birthYear'],
      [{ names: [] }, 'names'],
      [{ names: [{ value: '   ', script: 'Latn' }] }, 'names'],
      [{ names: [{ value: 'Name', script: 'latin' }] }, 'names.0.script'],
      [{ names: [{ value: 'n'.repeat(201), script: 'Latn' }] }, 'names.0.value'],
      [{ displayName: { kk: ' ', en: null } }, 'displayName'],
      [{ displayName: { en: 'd'.repeat(501) } }, 'displayName.en'],
      [{ biography: { en: 'b'.repeat(20_001) } }, 'biography.en'],
      [{ notes: 'n'.repeat(20_001) }, 'notes'],
      [{ contact: { email: 'not-an-address' } }, 'contact.email'],
    ];
    for (const [patch, field] of cases) {
      const res = await archive.gql(CREATE, { input: { ...baseInput(), ...patch } }, researcher.token);
      expect(errorOf(res)?.extensions?.code, JSON.stringify(patch)).toBe('BAD_USER_INPUT');
      expect(fieldOf(res), JSON.stringify(patch)).toBe(field);
    }
    const badUpdate = await archive.gql(UPDATE, { input: { id: created.id, version: 1, ethnicGroupIds: [koreans, era] } }, researcher.token);
    expect(fieldOf(badUpdate)).toBe('ethnicGroupIds');
    const badId = await archive.gql(UPDATE, { input: { id: 'nope', version: 1 } }, researcher.token);
    expect(fieldOf(badId)).toBe('id');
    expect(await archive.db.models.Narrator.countDocuments({})).toBe(before);
    expect(await archive.db.models.AuditEvent.countDocuments({})).toBe(auditBefore);
    const stored = await archive.db.models.Narrator.findById(created.id).lean();
    expect(stored?.ethnicGroupIds.map(String)).toEqual([koreans]);
    expect(stored?.version).toBe(1);
  });

  it('answers BAD_USER_INPUT naming the field for a malformed id, NOT_FOUND for an unknown one', async () => {
    const malformed = await archive.gql(GET, { id: 'xyz' }, researcher.token);
    expect(errorOf(malformed)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const unknown = await archive.gql(GET, { id: new Types.ObjectId().toHexString() }, researcher.token);
    expect(errorOf(unknown)?.extensions?.code).toBe('NOT_FOUND');
  });
});
