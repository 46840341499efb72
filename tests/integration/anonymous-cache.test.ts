import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { Role } from '../../server/src/access/levels.js';
import { markSearchChange } from '../../server/src/search/search-index.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { commandsDuring } from '../support/commands.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let editor: { token: string };
let teacher: { token: string };
beforeAll(async () => {
  archive = await startTestArchive({}, { anonymousCache: true });
  editor = await archive.userWithRoles([Role.editor]);
  teacher = await archive.userWithRoles([Role.teacher]);
  await archive.api.services.search.start();
});
afterAll(() => archive?.close());

const PAGE = `query($id: ID!) { interview(id: $id) { id title { en } version } }`;
const LIST = `query { interviews(first: 50) { nodes { id } } }`;

/** The database commands one GraphQL request sends, leaving out the change log's own polling. */
async function commandsFor(query: string, variables: Record<string, unknown>, token?: string) {
  // The cache answers only while this instance has just read the change log.
  await archive.api.services.search.poll();
  const { seen, result: res } = await commandsDuring(archive, () => archive.gql(query, variables, token));
  return { seen, res };
}

/** Resolves at this instance's next poll of the change log that applied something (its own timer). */
const nextAdvance = () =>
  new Promise<number>((ok) => {
    const off = archive.api.services.search.onAdvance((position) => {
      off();
      ok(position);
    });
  });

describe('the anonymous cache', () => {
  it('answers a repeated anonymous query without the database, and forgets it at the poll after a withdrawal', async () => {
    const id = await storedInterview(archive, { title: 'Cached' });
    const first = await commandsFor(PAGE, { id });
    expect(first.res.data?.interview.title.en).toBe('Cached');
    expect(first.seen.length).toBeGreaterThan(0);
    const second = await commandsFor(PAGE, { id });
    expect(second.res).toEqual(first.res);
    expect(second.seen).toEqual([]);

    const advanced = nextAdvance();
    const version = first.res.data!.interview.version;
    const withdrawn = await archive.gql(`mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { id } }`, { input: { id, version, reason: 'The narrator asked.' } }, editor.token);
    expect(withdrawn.errors).toBeUndefined();
    await advanced;
    const after = await commandsFor(PAGE, { id });
    expect(after.res.data?.interview ?? null).toBeNull();
    expect(after.res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(after.seen.length).toBeGreaterThan(0);
  });

  it('never serves or stores a signed-in view', async () => {
    const id = await storedInterview(archive, { title: 'For the class', accessLevel: 'education' });
    const asTeacher = await commandsFor(PAGE, { id }, teacher.token);
    expect(asTeacher.res.data?.interview.title.en).toBe('For the class');
    // What the teacher saw was not stored for the public, who get NOT_FOUND from the database.
    const anonymous = await commandsFor(PAGE, { id });
    expect(anonymous.res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(anonymous.seen.some((c) => c.startsWith('find:interviews'))).toBe(true);
    // A public interview cached for the public is read afresh for the teacher: not from the public's
    // entry (a teacher's audience has its own, audience-cache.test.ts).
    const open = await storedInterview(archive, { title: 'Open' });
    await commandsFor(PAGE, { id: open });
    expect((await commandsFor(PAGE, { id: open })).seen).toEqual([]);
    const again = await commandsFor(PAGE, { id: open }, teacher.token);
    expect(again.res.data?.interview.title.en).toBe('Open');
    expect(again.seen.some((c) => c.startsWith('find:interviews'))).toBe(true);
  });

  it('lets an embargo end at its date without any edit', async () => {
    const id = await storedInterview(archive, { title: 'Embargoed' });
    const until = new Date(Date.now() + 1_500);
    const advanced = nextAdvance();
    await archive.db.models.Interview.updateOne({ _id: id }, { $set: { 'release.embargoUntil': until } });
    // As the release mutation does: the change goes to the log.
    await markSearchChange(archive.db.models, 'Interview', new Types.ObjectId(id));
    await advanced;
    const during = await archive.gql<{ interviews: { nodes: { id: string }[] } }>(LIST);
    expect(during.data?.interviews.nodes.map((n) => n.id)).not.toContain(id);
    expect((await commandsFor(LIST, {})).seen).toEqual([]);
    // Wait for the date; nothing is edited meanwhile.
    await new Promise((ok) => setTimeout(ok, until.getTime() - Date.now() + 50));
    const after = await archive.gql<{ interviews: { nodes: { id: string }[] } }>(LIST);
    expect(after.data?.interviews.nodes.map((n) => n.id)).toContain(id);
  });

  it('tells the site its key (GET /api/view-key) and names it on every answer it keeps, never on a signed-in or failed one', async () => {
    const id = await storedInterview(archive, { title: 'Keyed' });
    const viewKey = async () => {
      const res = await fetch(`${archive.url}/api/view-key`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      return ((await res.json()) as { key: string | null }).key;
    };
    const answerKey = async (query: string, variables: Record<string, unknown>, token?: string) => {
      await archive.api.services.search.poll();
      const res = await fetch(`${archive.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      await res.arrayBuffer();
      return res.headers.get('x-archive-view-key');
    };
    await archive.api.services.search.poll();
    const before = await viewKey();
    // A digest: the key itself names the next embargo's end, which is nobody's business.
    expect(before).toMatch(/^[\w-]{22}$/);
    expect(await answerKey(PAGE, { id })).toBe(before);
    // Served from the cache: the same key.
    expect(await answerKey(PAGE, { id })).toBe(before);
    expect(await answerKey(PAGE, { id }, teacher.token)).toBeNull();
    expect(await answerKey(PAGE, { id: new Types.ObjectId().toString() })).toBeNull();

    const version = (await archive.gql(PAGE, { id })).data!.interview.version;
    const withdrawn = await archive.gql(`mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { id } }`, { input: { id, version, reason: 'The narrator asked.' } }, editor.token);
    expect(withdrawn.errors).toBeUndefined();
    // The instance that made the change moved its key before the mutation answered.
    expect(await viewKey()).not.toBe(before);
    // And again when its poll applies the change from the log; an answer then carries the key of then.
    await archive.api.services.search.poll();
    const after = await viewKey();
    expect(after).not.toBe(before);
    expect(await answerKey(LIST, {})).toBe(after);
  });

  it('gives no key when the cache is off, so the site keeps nothing either', async () => {
    const off = await startTestArchive({ ANONYMOUS_CACHE: 'off' });
    try {
      const res = await fetch(`${off.url}/api/view-key`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ key: null });
      const answer = await fetch(`${off.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: LIST }) });
      await answer.arrayBuffer();
      expect(answer.headers.get('x-archive-view-key')).toBeNull();
    } finally {
      await off.close();
    }
  });
});
