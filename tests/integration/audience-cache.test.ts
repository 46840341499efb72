/**
 * The audience cache (server/src/cache/anonymous-cache.ts, cacheScopeOf): a signed-in teacher with no
 * staff role and no grant sees an interview's page as every such teacher does, so that answer is kept
 * under the audience's name and the anonymous cache's key. What is one teacher's alone (`me`, their
 * lessons, a withheld part's `asked`) is never kept, a teacher with a grant is never served from it,
 * the public never sees it, and a withdrawal closes it before the mutation has answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { commandsDuring } from '../support/commands.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let editor: { token: string };
let alice: { id: string; token: string };
let bob: { id: string; token: string };
beforeAll(async () => {
  archive = await startTestArchive({}, { anonymousCache: true });
  editor = await archive.userWithRoles([Role.editor]);
  alice = await archive.userWithRoles([Role.teacher], 'Alice Teacher');
  bob = await archive.userWithRoles([Role.teacher], 'Bob Teacher');
  await archive.api.services.search.start();
});
afterAll(() => archive?.close());

const PAGE = `query($id: ID!) { interview(id: $id) { id title { en } version withheldParts { partId requestable } } }`;
const DAY = 86_400_000;

/** The commands of one request, the change log just read (the cache answers only then). */
async function commandsFor(query: string, variables: Record<string, unknown>, token?: string) {
  await archive.api.services.search.poll();
  const { seen, result: res } = await commandsDuring(archive, () => archive.gql(query, variables, token));
  return { seen, res };
}

/** A batch of two operations in one request, as the site's interview page sends it. */
async function batch(token: string, ops: { query: string; variables?: Record<string, unknown> }[]) {
  await archive.api.services.search.poll();
  return commandsDuring(archive, async () => {
    const res = await fetch(`${archive.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `archive_session=${token}` }, body: JSON.stringify(ops) });
    return (await res.json()) as { data?: Record<string, any>; errors?: unknown[] }[];
  });
}

const readsRecords = (seen: string[]) => seen.filter((c) => !/^find:(sessions|users)$/.test(c));

describe('the audience cache', () => {
  it("gives a second teacher the first one's view of an education interview with no read of its records, and the public never", async () => {
    const id = await storedInterview(archive, { title: 'For the class', accessLevel: 'education' });
    const first = await commandsFor(PAGE, { id }, alice.token);
    expect(first.res.data?.interview.title.en).toBe('For the class');
    expect(readsRecords(first.seen)).toContain('find:interviews');
    const second = await commandsFor(PAGE, { id }, bob.token);
    expect(second.res).toEqual(first.res);
    // Only who Bob is: his session and his user, by `_id`.
    expect(readsRecords(second.seen)).toEqual([]);
    const anonymous = await commandsFor(PAGE, { id });
    expect(anonymous.res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // And a view cached for the public is not the teachers': each audience has its own.
    const open = await storedInterview(archive, { title: 'Open' });
    await commandsFor(PAGE, { id: open });
    expect((await commandsFor(PAGE, { id: open })).seen).toEqual([]);
    expect(readsRecords((await commandsFor(PAGE, { id: open }, alice.token)).seen)).toContain('find:interviews');
  });

  it("never keeps what is a teacher's own: me, lessons and asked are read for each, and each sees only theirs", async () => {
    const id = await storedInterview(archive, { title: 'Shared page', accessLevel: 'education' });
    const VIEWER = { query: `query { me { id name } lessons: collections(first: 5, filter: { mine: true, audience: school }) { nodes { id } } }` };
    await batch(alice.token, [{ query: PAGE, variables: { id } }, VIEWER]);
    for (const [who, teacher] of [['Alice Teacher', alice], ['Bob Teacher', bob]] as const) {
      for (let i = 0; i < 2; i++) {
        const { result, seen } = await batch(teacher.token, [{ query: PAGE, variables: { id } }, VIEWER]);
        expect(result[0]?.data?.interview.title.en).toBe('Shared page');
        expect(result[1]?.data?.me).toEqual({ id: teacher.id, name: who });
        // One session read for both operations; the page from the cache; the lessons read every time.
        expect(seen.filter((c) => c === 'find:sessions')).toHaveLength(1);
        expect(readsRecords(seen)).toEqual(['find:collections']);
      }
    }
    // `asked` and `me` anywhere in an operation keep it out of the cache, whatever else it asks.
    for (const query of [`query($id: ID!) { interview(id: $id) { id withheldParts { partId asked } } }`, `query($id: ID!) { interview(id: $id) { id } me { name } }`]) {
      for (let i = 0; i < 2; i++) expect(readsRecords((await commandsFor(query, { id }, bob.token)).seen)).toContain('find:interviews');
    }
  });

  it('serves a teacher with a grant their own view, never the audience one, and does not keep it for others', async () => {
    const closed = await storedInterview(archive, { title: 'Granted', accessLevel: 'research', release: { permits: 'research', withdrawn: false } });
    const holder = await archive.userWithRoles([Role.teacher], 'Holder');
    // Cached for the audience first: closed to teachers.
    expect((await commandsFor(PAGE, { id: closed }, alice.token)).res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const asked = await archive.gql(`mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id } }`, { input: { interviewId: closed, purpose: 'A lesson', days: 7 } }, holder.token);
    expect(asked.errors).toBeUndefined();
    const until = new Date(Date.now() + 7 * DAY);
    const granted = await archive.gql(`mutation($input: GrantAccessInput!) { grantAccess(input: $input) { state } }`, { input: { id: asked.data!.requestAccess.id, until } }, editor.token);
    expect(granted.data?.grantAccess.state).toBe('granted');
    for (let i = 0; i < 2; i++) {
      const own = await commandsFor(PAGE, { id: closed }, holder.token);
      expect(own.res.data?.interview.title.en).toBe('Granted');
      expect(readsRecords(own.seen)).toContain('find:interviews');
    }
    // What the holder saw was kept for nobody: the others still get the audience's view.
    const other = await commandsFor(PAGE, { id: closed }, bob.token);
    expect(other.res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(other.res.data?.interview ?? null).toBeNull();
  });

  it("closes a withdrawn interview's cached page to teachers before the withdrawal has answered", async () => {
    const id = await storedInterview(archive, { title: 'To withdraw', accessLevel: 'education' });
    const cached = await commandsFor(PAGE, { id }, alice.token);
    expect((await commandsFor(PAGE, { id }, bob.token)).seen.filter((c) => c === 'find:interviews')).toEqual([]);
    const version = cached.res.data!.interview.version;
    const withdrawn = await archive.gql(`mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { id } }`, { input: { id, version, reason: 'The narrator asked.' } }, editor.token);
    expect(withdrawn.errors).toBeUndefined();
    for (const teacher of [alice, bob]) {
      const after = await commandsFor(PAGE, { id }, teacher.token);
      expect(after.res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(after.seen).toContain('find:interviews');
    }
  });
});
