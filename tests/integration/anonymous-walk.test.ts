import { buildClientSchema, getIntrospectionQuery } from 'graphql';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { callsOf, connectionsIn } from '../support/schema-walk.js';

/**
 * Walks every root query of the schema, with every id and slug of the seeded archive, as the public
 * and as a teacher, and proves that nothing restricted comes back: no marked text, no restricted id,
 * and no count larger than what the viewer was given.
 */
let archive: TestArchive;
const models = () => archive.db.models;
const STAFF = 'HIDDENSTAFF'; // only staff may ever read text marked so
const EDU = 'HIDDENEDU'; // teachers may, the public may not
const restrictedIds: { forPublic: string[]; forTeacher: string[] } = { forPublic: [], forTeacher: [] };
const allIds: string[] = [];
const strings: string[] = [];

async function interview(marker: string, fields: Record<string, unknown>, owner: Types.ObjectId) {
  const doc = await models().Interview.create({
    title: { en: `${marker} interview title`, kk: `${marker} тақырып` },
    summary: { en: `${marker} summary` },
    languages: ['kk'],
    createdBy: owner,
    durationSeconds: 120,
    status: 'published',
    accessLevel: 'public',
    release: { permits: 'public', withdrawn: false, documentKey: `private/releases/x/${STAFF}-doc.pdf`, documentName: `${STAFF}-release.pdf`, restrictions: `${STAFF} restrictions` },
    provenance: { device: `${STAFF} device`, notes: `${STAFF} provenance` },
    indexSegments: [{ start: 0, title: { en: `${marker} chapter` }, synopsis: { en: `${marker} synopsis` }, keywords: [`${marker}kw`] }],
    ...fields,
  } as Record<string, unknown>);
  await models().Transcript.create({
    interviewId: doc._id,
    language: 'kk',
    segments: [{ start: 0, end: 5, text: `${marker} spoken words`, speaker: `${marker} speaker` }],
  });
  return doc._id.toHexString();
}

beforeAll(async () => {
  archive = await startTestArchive();
  const owner = await archive.userWithRoles([Role.researcher], `${STAFF} researcher name`);
  const ownerId = new Types.ObjectId(owner.id);
  const future = new Date(Date.now() + 365 * 86400_000);

  const narratorHidden = await models().Narrator.create({
    names: [{ value: `${STAFF} narrator name`, script: 'Latn' }],
    displayName: { en: `${STAFF} narrator` },
    biography: { en: `${STAFF} biography` },
    contact: { phone: `${STAFF} phone`, email: 'hiddenstaff@example.org' },
    notes: `${STAFF} notes`,
    createdBy: ownerId,
  });
  const narratorPublic = await models().Narrator.create({
    names: [{ value: 'Public narrator', script: 'Latn' }],
    displayName: { en: 'Public narrator' },
    contact: { phone: `${STAFF} phone of a public narrator`, address: `${STAFF} address` },
    notes: `${STAFF} notes of a public narrator`,
    createdBy: ownerId,
  });

  const hidden = {
    draft: await interview(STAFF, { status: 'draft', narratorIds: [narratorHidden._id] }, ownerId),
    inReview: await interview(STAFF, { status: 'in_review' }, ownerId),
    research: await interview(STAFF, { accessLevel: 'research' }, ownerId),
    private: await interview(STAFF, { accessLevel: 'private' }, ownerId),
    noRelease: await interview(STAFF, { release: null }, ownerId),
    embargoed: await interview(STAFF, { release: { permits: 'public', withdrawn: false, embargoUntil: future } }, ownerId),
    withdrawn: await interview(STAFF, { release: { permits: 'public', withdrawn: true } }, ownerId),
    education: await interview(EDU, { accessLevel: 'education' }, ownerId),
  };
  const open = await interview('Open', { narratorIds: [narratorPublic._id] }, ownerId);
  await models().Transcript.updateOne(
    { interviewId: new Types.ObjectId(open) },
    { $push: { segments: { start: 6, end: 9, text: `${STAFF} restricted passage`, accessLevel: 'research' } } },
  );
  await models().Interview.updateOne(
    { _id: open },
    { $push: { indexSegments: { start: 6, title: { en: `${EDU} restricted chapter` }, accessLevel: 'education' } } },
  );

  const draftCollection = await models().Collection.create({
    slug: 'hiddenstaff-draft',
    title: { en: `${STAFF} draft collection` },
    createdBy: ownerId,
  });
  const publicCollection = await models().Collection.create({
    slug: 'open-collection',
    title: { en: 'Open collection' },
    status: 'published',
    createdBy: ownerId,
    blocks: [
      { type: 'text', text: { en: 'An open paragraph' } },
      { type: 'clip', interviewId: new Types.ObjectId(hidden.research), start: 0, end: 5, caption: { en: `${STAFF} clip caption` } },
      { type: 'quote', interviewId: new Types.ObjectId(hidden.private), start: 0, text: { en: `${STAFF} quote` } },
      { type: 'clip', interviewId: new Types.ObjectId(hidden.education), start: 0, end: 5, caption: { en: `${EDU} clip caption` } },
      { type: 'clip', interviewId: new Types.ObjectId(open), start: 0, end: 5, caption: { en: 'Open clip' } },
    ],
  });
  const admin = await archive.userWithRoles([Role.admin], `${STAFF} admin`);
  await archive.gql(
    `mutation { inviteUser(input: { email: "hiddenstaff-invitee@example.org", name: "${STAFF} invitee", roles: [editor] }) { id } }`,
    {},
    admin.token,
  );

  const staffOnly = [hidden.draft, hidden.inReview, hidden.research, hidden.private, hidden.noRelease, hidden.embargoed, hidden.withdrawn];
  const transcripts = await models().Transcript.find({}, { _id: 1, interviewId: 1 }).lean();
  const transcriptOf = (id: string) => transcripts.filter((t) => String(t.interviewId) === id).map((t) => t._id.toHexString());
  restrictedIds.forTeacher = [...staffOnly, ...staffOnly.flatMap(transcriptOf), narratorHidden._id.toHexString(), draftCollection._id.toHexString(), owner.id, admin.id];
  restrictedIds.forPublic = [...restrictedIds.forTeacher, hidden.education, ...transcriptOf(hidden.education)];
  const others = [open, ...transcriptOf(open), narratorPublic._id.toHexString(), publicCollection._id.toHexString()];
  const audit = (await models().AuditEvent.find({}, { _id: 1 }).lean()).map((a) => a._id.toHexString());
  const invitations = (await models().Invitation.find({}, { _id: 1 }).lean()).map((a) => a._id.toHexString());
  allIds.push(...restrictedIds.forPublic, ...others, ...audit, ...invitations);
  strings.push('hiddenstaff-draft', 'open-collection', STAFF, EDU);
});
afterAll(() => archive?.close());

async function walk(token: string | undefined, forbiddenText: string[], forbiddenIds: string[]) {
  // The schema as any client sees it (introspection), so the walk covers exactly what is served.
  const introspection = await archive.gql(getIntrospectionQuery());
  const schema = buildClientSchema(introspection.data as never);
  // The deepest selection the cost and depth limits accept, call by call.
  const byDepth = [5, 4, 3, 2].map((depth) => callsOf(schema, { ids: allIds, strings }, depth));
  const calls = byDepth[0]!;
  expect(calls.length).toBeGreaterThan(allIds.length);
  const leaks: string[] = [];
  const queried = new Set<string>();
  const check = async (i: number) => {
    let call = calls[i]!;
    let res = await archive.gql(call.query, call.variables, token);
    for (const shallower of byDepth.slice(1)) {
      if (!res.errors?.some((e) => /limit/i.test(e.message))) break;
      call = shallower[i]!;
      res = await archive.gql(call.query, call.variables, token);
    }
    const text = JSON.stringify(res);
    if (res.errors?.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || e.extensions?.code === 'GRAPHQL_PARSE_FAILED')) {
      throw new Error(`walker built an invalid query for ${call.name}: ${res.errors[0]!.message}`);
    }
    queried.add(call.name);
    for (const word of forbiddenText) if (text.includes(word)) leaks.push(`${call.name}(${JSON.stringify(call.variables)}) returned text marked ${word}`);
    for (const id of forbiddenIds) {
      const data = JSON.stringify(res.data ?? {});
      if (data.includes(id) && !Object.values(call.variables).includes(id)) leaks.push(`${call.name}(${JSON.stringify(call.variables)}) returned restricted id ${id}`);
      if (data.includes(id) && Object.values(call.variables).includes(id) && res.data && Object.values(res.data).some((v) => v !== null)) {
        leaks.push(`${call.name}(${JSON.stringify(call.variables)}) answered for restricted id ${id}`);
      }
    }
    for (const c of connectionsIn(res.data)) {
      if (!c.hasNextPage && c.totalCount !== c.nodes) leaks.push(`${call.name} ${c.path}: totalCount ${c.totalCount} but ${c.nodes} nodes`);
    }
  };
  // A few at a time: the walk makes thousands of requests.
  for (let start = 0; start < calls.length; start += 8) {
    await Promise.all(calls.slice(start, start + 8).map((_, j) => check(start + j)));
  }
  return { leaks, queried: [...queried].sort(), calls: calls.length };
}

describe('walking every query of the schema', { timeout: 180_000 }, () => {
  it('as the public: no restricted interview, segment, release document, personal field or count', async () => {
    const result = await walk(undefined, [STAFF, EDU, 'hiddenstaff@example.org'], restrictedIds.forPublic);
    expect(result.leaks).toEqual([]);
    expect(result.queried).toContain('interview');
    expect(result.queried).toContain('interviews');
  });

  it('as a teacher: education material is there, nothing for staff only', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    const result = await walk(teacher.token, [STAFF, 'hiddenstaff@example.org'], restrictedIds.forTeacher);
    expect(result.leaks).toEqual([]);
    const seen = await archive.gql(`{ interviews(first: 100) { nodes { title { en } } } }`, {}, teacher.token);
    expect(JSON.stringify(seen.data)).toContain(EDU);
  });

  it('the walk can see a leak: staff do get the marked material', async () => {
    const editor = await archive.userWithRoles([Role.editor]);
    const result = await walk(editor.token, [STAFF], []);
    expect(result.leaks.length).toBeGreaterThan(0);
  });
});
