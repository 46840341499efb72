/**
 * Fault drill: the database (a real FerretDB of this file's own) is killed while 20 clients browse
 * and an editor saves, and started again on the same port and files. During the outage the API
 * answers every request, with a clear UNAVAILABLE error rather than a hang or a masked one; it comes
 * back by itself; every edit the editor was told was saved is there exactly once (versions). Prints
 * the drill's figures.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import type { InterviewDoc } from '../../server/src/interviews/interview.model.js';
import { startTestArchive, type GraphQLResponse, type TestArchive } from '../support/archive.js';
import { drillDatabase, printFigures, secondsSince, type StoppableService } from '../support/drills.js';
import { storedInterview } from '../support/factories.js';
import { waitUntil } from '../support/worker-process.js';

const CLIENTS = 20;
let db: StoppableService & { uri: string };
let archive: TestArchive;

beforeAll(async () => {
  db = await drillDatabase();
  // Server selection bounded at 2 s, so the outage answers quickly (production keeps the default).
  archive = await startTestArchive({ DATABASE_TIMEOUT_MS: '2000' }, { mongoUri: db.uri });
});
afterAll(async () => {
  await archive?.close().catch(() => {});
  await db?.remove();
});

type Answer = { at: number; ok: boolean; code: string | null; message: string | null; status: number };

/** A GraphQL request as any client sends it; a dropped connection or a non-JSON answer is recorded as such. */
async function ask(query: string, variables: Record<string, unknown>, token?: string): Promise<Answer & { body: GraphQLResponse | null }> {
  const at = performance.now();
  try {
    const res = await fetch(`${archive.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: GraphQLResponse | null = null;
    try {
      body = JSON.parse(text) as GraphQLResponse;
    } catch {
      return { at, ok: false, code: 'NOT_JSON', message: text.slice(0, 200), status: res.status, body: null };
    }
    // A GraphQL error, or (from the HTTP layer before GraphQL runs) a problem document.
    const first = body.errors?.[0];
    const problem = !first && !res.ok ? (body as { title?: string; detail?: string }) : null;
    const code = first?.extensions?.code ?? problem?.title ?? null;
    const message = first?.message ?? problem?.detail ?? null;
    return { at, ok: !first && res.ok, code, message, status: res.status, body };
  } catch (err) {
    return { at, ok: false, code: 'NO_ANSWER', message: (err as Error).message, status: 0, body: null };
  }
}

it('the database killed under 20 browsing clients and a saving editor: clear errors, recovery by itself, no edit lost or doubled', { timeout: 240_000 }, async () => {
  const editor = await archive.userWithRoles([Role.editor]);
  const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => storedInterview(archive, { title: `Browsed interview ${i}` })));
  const edited = ids[0]!;
  let stopping = false;

  // 20 visitors: the list, then one interview, again and again.
  const answers: Answer[] = [];
  const browse = async (n: number) => {
    for (let i = 0; !stopping; i += 1) {
      const list = await ask(`query { interviews(first: 5) { nodes { id title { en } } } }`, {});
      answers.push(list);
      answers.push(await ask(`query($id: ID!) { interview(id: $id) { id title { en } summary { en } } }`, { id: ids[(n + i) % ids.length] }));
      if (!list.ok) await new Promise((r) => setTimeout(r, 100));
    }
  };

  // The editor appends edit n to the summary; when told it failed, does what the studio tells her:
  // reload and, if her edit is not there, save it again. Each edit she was told was saved is kept.
  const saved: number[] = [];
  const editorErrors: Answer[] = [];
  const read = async () => (await ask(`query($id: ID!) { interview(id: $id) { version summary { en } } }`, { id: edited }, editor.token)).body?.data?.interview as { version: number; summary: { en: string | null } } | undefined;
  const edit = async () => {
    let current = (await read())!;
    for (let n = 1; !stopping; n += 1) {
      const text = `${current.summary.en ?? ''} ${n}`.trim();
      for (;;) {
        const res = await ask(`mutation($input: UpdateInterviewInput!) { updateInterview(input: $input) { version summary { en } } }`, { input: { id: edited, version: current.version, summary: { en: text } } }, editor.token);
        if (res.ok) {
          current = res.body!.data!.updateInterview;
          saved.push(n);
          break;
        }
        editorErrors.push(res);
        await new Promise((r) => setTimeout(r, res.code === 'CONFLICT' ? 1_000 : 250));
        const now = await read();
        if (!now) continue;
        if (now.summary.en === text) {
          // Written before the error reached her: saved, once.
          current = now;
          saved.push(n);
          break;
        }
        current = now;
      }
    }
  };

  const before = await read();
  const running = [...Array.from({ length: CLIENTS }, (_, n) => browse(n)), edit()];
  await waitUntil('some saves before the outage', async () => saved.length >= 3, 60_000);

  const down = performance.now();
  await db.stop('SIGKILL');
  const savedBeforeOutage = saved.length;
  // The outage lasts until every visitor has met it.
  await waitUntil('errors during the outage', async () => answers.filter((a) => a.at > down && !a.ok).length >= CLIENTS * 2, 60_000);
  const back = performance.now();
  await db.start();
  const recovered = await waitUntil(
    'the API to answer again',
    async () => {
      const after = answers.filter((a) => a.at > back + 0);
      return saved.length > savedBeforeOutage + 1 && after.some((a) => a.ok) ? performance.now() : null;
    },
    90_000,
  );
  const secondsToRecover = (recovered - back) / 1000;
  // A little normal traffic after recovery, then everyone stops.
  const settled = saved.length;
  // (Up to the 30 s claim lease, if the outage cut a save off between its claim and its write.)
  await waitUntil('saves after the recovery', async () => saved.length >= settled + 3, 90_000);
  stopping = true;
  await Promise.all(running);

  const during = answers.filter((a) => a.at > down && a.at < back);
  const failures = answers.filter((a) => !a.ok);
  const codes = [...new Set(failures.map((a) => `${a.status} ${a.code}: ${a.message}`))];
  console.log(`database drill: ${answers.length} browsing answers, ${failures.length} errors (${codes.join(' | ')}); editor saved ${saved.length} edits, met ${editorErrors.length} errors`);
  // Every request during the outage got an answer, and it said what is wrong.
  expect(during.length).toBeGreaterThan(0);
  for (const a of failures) {
    expect(a.code, a.message ?? '').toBe('UNAVAILABLE');
    expect(a.message).toMatch(/database is not answering/);
  }
  // The editor is told the same; or, for a save the outage cut off between its claim on the version
  // and the write, that it was cut off and when to try again (the claim's lease).
  for (const a of editorErrors) {
    if (a.code === 'CONFLICT') expect(a.message).toMatch(/a save was cut off; try again in \d+ s/);
    else expect(a, a.message ?? '').toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/database is not answering/) });
  }

  const stored = await archive.db.models.Interview.findById(edited).lean<InterviewDoc>();
  const kept = (stored!.summary?.en ?? '').split(' ').filter(Boolean).map(Number);
  const editsLost = saved.filter((n) => !kept.includes(n)).length;
  const doubled = kept.length - new Set(kept).size;
  expect(kept).toEqual(saved);
  expect(stored!.version).toBe(before!.version + saved.length);
  printFigures({
    drill: 'database killed under 20 browsing clients and a saving editor',
    jobsLost: 0,
    filesLost: 0,
    editsLost: editsLost + doubled,
    secondsToRecover,
    notes: `${saved.length} edits saved, ${editorErrors.length} refused during the outage and saved again; ${failures.length} of ${answers.length} browsing answers were UNAVAILABLE`,
  });
  expect(editsLost + doubled).toBe(0);
});

it('a change just before the database dies: the next anonymous request is told UNAVAILABLE, not a masked error', { timeout: 120_000 }, async () => {
  // A change makes the anonymous cache's key read the database again (the next embargo boundary):
  // with the database gone, that read must not surface as Apollo's "Internal server error".
  const id = await storedInterview(archive, { title: 'Changed before the outage' });
  await archive.logChange('Interview', id);
  await db.stop('SIGKILL');
  try {
    const answer = await ask(`query { interviews(first: 5) { nodes { id title { en } } } }`, {});
    expect(answer, answer.message ?? '').toMatchObject({ ok: false, code: 'UNAVAILABLE', message: expect.stringMatching(/database is not answering/) });
  } finally {
    await db.start();
  }
  await waitUntil('the API to answer again', async () => (await ask(`query { interviews(first: 5) { nodes { id } } }`, {})).ok, 90_000);
});
