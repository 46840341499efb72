/**
 * The editors' queue of access requests on the real database: newest first, filtered by state and
 * by interview, each request with its interview's title and the asked part's time range, read for
 * the whole page at once (the same number of database commands for 2 requests or 12). The
 * requester's own list shows a title only once they may see the interview.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { commandsDuring, readTwice } from '../support/commands.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let editor: { id: string; token: string };
let reader: { id: string; token: string };
let whole: string;
let parts: string;
const chapterId = new Types.ObjectId();
const passageId = new Types.ObjectId();
const DAY = 86_400_000;

const QUEUE = `query($state: AccessRequestState, $interviewId: ID) {
  accessRequests(state: $state, interviewId: $interviewId) { id interviewId interviewTitle { en } partKind partStart partEnd state createdAt }
}`;
const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
const queue = async (vars: Record<string, unknown> = {}) => {
  const res = await archive.gql(QUEUE, vars, editor.token);
  expect(res.errors).toBeUndefined();
  return res.data!.accessRequests as { id: string; interviewId: string; interviewTitle: { en: string } | null; partKind: string | null; partStart: number | null; partEnd: number | null; state: string; createdAt: string }[];
};

/** A request as the service stores it, at a given age (the queue's order is by when it was asked). */
async function storedRequest(interviewId: string, minutesAgo: number, part: { kind: 'segment' | 'chapter'; id: Types.ObjectId; start: number } | null = null) {
  const requester = await archive.userWithRoles([Role.reader]);
  const doc = await archive.db.models.AccessRequest.create({
    requesterId: requester.id, interviewId, part, level: AccessLevel.research, purpose: 'A course', days: 7,
    createdAt: new Date(Date.now() - minutesAgo * 60_000),
  });
  return doc._id.toHexString();
}

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  reader = await archive.userWithRoles([Role.reader]);
  whole = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false }, title: 'Steppe wedding songs' });
  parts = await storedInterview(archive, { accessLevel: 'public', release: { permits: 'public', withdrawn: false }, title: 'A railway town' });
  await archive.db.models.Interview.updateOne({ _id: parts }, {
    $set: {
      durationSeconds: 300,
      indexSegments: [
        { _id: new Types.ObjectId(), start: 0, title: { en: 'Childhood' } },
        // No end of its own: it runs to the next chapter's start.
        { _id: chapterId, start: 60, title: { en: 'The arrests' }, accessLevel: 'research' },
        { _id: new Types.ObjectId(), start: 150, title: { en: 'After the war' } },
      ],
    },
  });
  await archive.db.models.Transcript.create({
    status: 'approved', interviewId: parts, language: 'en',
    segments: [{ _id: new Types.ObjectId(), start: 0, end: 5, text: 'We lived by the station.' }, { _id: passageId, start: 70, end: 84.5, text: 'They came at night.', accessLevel: AccessLevel.research }],
  });
});
afterAll(async () => {
  await archive?.close();
});

describe('the access-request queue', () => {
  it('is newest first, shows each interview’s title and the part’s time range, and filters by state and interview', async () => {
    const oldest = await storedRequest(whole, 30);
    const chapter = await storedRequest(parts, 20, { kind: 'chapter', id: chapterId, start: 60 });
    const passage = await storedRequest(parts, 10, { kind: 'segment', id: passageId, start: 70 });
    const newest = await storedRequest(whole, 1);

    const all = await queue();
    expect(all.map((r) => r.id)).toEqual([newest, passage, chapter, oldest]);
    const byId = new Map(all.map((r) => [r.id, r]));
    expect(byId.get(oldest)).toMatchObject({ interviewTitle: { en: 'Steppe wedding songs' }, partKind: null, partStart: null, partEnd: null });
    expect(byId.get(chapter)).toMatchObject({ interviewTitle: { en: 'A railway town' }, partKind: 'chapter', partStart: 60, partEnd: 150 });
    expect(byId.get(passage)).toMatchObject({ partKind: 'segment', partStart: 70, partEnd: 84.5 });

    const refused = await archive.gql(`mutation($id: ID!) { refuseAccess(id: $id, reason: "Not for this course") { id } }`, { id: chapter }, editor.token);
    expect(refused.errors).toBeUndefined();
    expect((await queue({ state: 'refused' })).map((r) => r.id)).toEqual([chapter]);
    expect((await queue({ state: 'requested' })).map((r) => r.id)).toEqual([newest, passage, oldest]);
    expect((await queue({ interviewId: parts })).map((r) => r.id)).toEqual([passage, chapter]);
    expect((await queue({ interviewId: parts, state: 'requested' })).map((r) => r.id)).toEqual([passage]);
    expect(await queue({ interviewId: new Types.ObjectId().toHexString() })).toEqual([]);
    expect(codeOf(await archive.gql(QUEUE, { interviewId: 'not an id' }, editor.token))).toBe('BAD_USER_INPUT');
  });

  it('reads the titles and part ends for the whole page at once: as many database commands for 12 requests as for 2', async () => {
    await archive.db.models.AccessRequest.deleteMany({});
    await storedRequest(whole, 5);
    await storedRequest(parts, 4, { kind: 'segment', id: passageId, start: 70 });
    // The search index re-reads changed records in the background; stopped, it cannot add to the count.
    await archive.api.services.search.stop();
    const small = await commandsDuring(archive, () => queue());
    expect(small.result).toHaveLength(2);
    for (let i = 0; i < 10; i++) {
      const other = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false }, title: `Interview ${i}` });
      await storedRequest(i % 2 ? other : parts, 3, i % 2 ? null : { kind: i % 4 ? 'chapter' : 'segment', id: i % 4 ? chapterId : passageId, start: 60 });
    }
    await archive.api.services.search.stop();
    const large = await commandsDuring(archive, () => queue());
    expect(large.result).toHaveLength(12);
    expect(large.result.every((r) => r.interviewTitle?.en)).toBe(true);
    // The same queries for 12 requests as for 2; the interviews named are read by _id (one lookup each on
    // FerretDB, one $in on MongoDB: server/src/db/id-lookup.ts), each once.
    expect(large.queries).toEqual(small.queries);
    expect(readTwice(large.byId)).toEqual([]);
  });

  it('the requester sees the interview’s title on their own list only while they may see the interview', async () => {
    const MINE = `{ myAccessRequests { id interviewTitle { en } state } }`;
    const asked = await archive.gql(`mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id } }`, { input: { interviewId: whole, purpose: 'Songs of the 1950s', days: 7 } }, reader.token);
    const id = asked.data!.requestAccess.id as string;
    expect((await archive.gql(MINE, {}, reader.token)).data!.myAccessRequests).toEqual([{ id, interviewTitle: null, state: 'requested' }]);
    await archive.gql(`mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }`, { input: { id, until: new Date(Date.now() + 3 * DAY) } }, editor.token);
    expect((await archive.gql(MINE, {}, reader.token)).data!.myAccessRequests).toEqual([{ id, interviewTitle: { en: 'Steppe wedding songs' }, state: 'granted' }]);
    await archive.gql(`mutation($id: ID!) { endAccess(id: $id) { id } }`, { id }, editor.token);
    expect((await archive.gql(MINE, {}, reader.token)).data!.myAccessRequests).toEqual([{ id, interviewTitle: null, state: 'ended' }]);
  });
});
