/**
 * Consent beats the anonymous cache on every cached path (issue 11): GraphQL page and list, search
 * hits and counts, VTT/SRT/OHMS, IIIF, OAI, the media redirect and the peaks. Two API instances share
 * the database: the one that made a change shows it before the mutation has answered; the other at its
 * next poll of the change log (every 500 ms, so within 1 s). Both instances have their caches warm.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { createApi, type Api } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { ChangeLog } from '../../server/src/search/change-log.js';
import { markSearchChange } from '../../server/src/search/search-index.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { commandsDuring } from '../support/commands.js';
import { storedInterview, storedRecording } from '../support/factories.js';

let archive: TestArchive;
let other: { api: Api; url: string };
let editor: { token: string };
let teacher: { token: string };

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  teacher = await archive.userWithRoles([Role.teacher]);
  const api = await createApi(loadConfig({ NODE_ENV: 'test' }), archive.db, archive.storage);
  await new Promise<void>((ok) => api.httpServer.listen(0, '127.0.0.1', ok));
  const address = api.httpServer.address();
  other = { api, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
  await Promise.all([archive.api.services.search.start(), api.services.search.start()]);
});
afterAll(async () => {
  await other?.api.stop();
  await archive?.close();
});

const host = new URL('http://localhost:3000').hostname;
const PAGE = `query($id: ID!) { interview(id: $id) { id title { en } } }`;
const LIST = `query { interviews(first: 50) { nodes { id } } }`;
const SEARCH = `query($q: String!) { search(q: $q, first: 10) { total hits { interviewId } } }`;

async function gqlAt(base: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] };
}
const status = async (base: string, path: string) => (await fetch(`${base}${path}`, { redirect: 'manual' })).status;

/** Whether each cached path shows the interview to an anonymous visitor of `base`. */
async function shown(base: string, id: string, word: string): Promise<Record<string, boolean>> {
  const [page, list, search] = await Promise.all([gqlAt(base, PAGE, { id }), gqlAt(base, LIST), gqlAt(base, SEARCH, { q: word })]);
  const oai = await (await fetch(`${base}/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:${host}:interview/${id}`)).text();
  return {
    page: page.data?.interview?.id === id,
    list: (list.data?.interviews.nodes as { id: string }[]).some((n) => n.id === id),
    searchHits: (search.data?.search.hits as { interviewId: string }[]).some((h) => h.interviewId === id),
    searchCount: search.data?.search.total > 0,
    vtt: (await status(base, `/api/interviews/${id}/transcript.vtt`)) === 200,
    srt: (await status(base, `/api/interviews/${id}/transcript.srt`)) === 200,
    ohms: (await status(base, `/api/interviews/${id}/ohms.xml`)) === 200,
    iiif: (await status(base, `/iiif/interviews/${id}/manifest.json`)) === 200,
    oai: oai.includes('<metadata>'),
    media: (await status(base, `/api/interviews/${id}/media`)) === 302,
    peaks: (await status(base, `/api/interviews/${id}/peaks.json`)) === 200,
  };
}

const every = (paths: Record<string, boolean>, value: boolean, only?: string[]) =>
  Object.fromEntries(Object.keys(paths).filter((k) => !only || only.includes(k)).map((k) => [k, value]));
const pick = (paths: Record<string, boolean>, only?: string[]) =>
  Object.fromEntries(Object.entries(paths).filter(([k]) => !only || only.includes(k)));

/** Resolves once `api` has applied the change log up to its current end (its own 500 ms poll). */
async function caughtUp(api: Api) {
  const head = await new ChangeLog(archive.db.models).head();
  const search = api.services.search;
  if (search.position >= head) return;
  await new Promise<void>((ok) => {
    const off = search.onAdvance((position) => {
      if (position < head) return;
      off();
      ok();
    });
  });
}

let words = 0;
/** A public interview with a transcript, a recording and peaks, known to both instances, every path warm. */
async function openInterview() {
  const word = ['Qapshagayka', 'Talgarovka', 'Esikovka', 'Shelekovka', 'Kegenovka'][words++]!;
  const id = await storedInterview(archive, { title: `Cached ${word}` });
  await archive.db.models.Transcript.create({ status: 'approved', interviewId: id, language: 'kk', segments: [{ start: 0, end: 0.4, text: `${word} auyly` }] });
  await storedRecording(archive, id, { version: 2, channels: 1, sample_rate: 16000, samples_per_pixel: 1600, bits: 8, length: 1, data: [0, 1] });
  await markSearchChange(archive.db.models, 'Interview', new Types.ObjectId(id));
  await Promise.all([caughtUp(archive.api), caughtUp(other.api)]);
  for (const base of [archive.url, other.url]) {
    const first = await shown(base, id, word);
    expect(first).toEqual(every(first, true));
    // Asked twice: the second answers come from the cache.
    expect(await shown(base, id, word)).toEqual(first);
  }
  return { id, word };
}

const versionOf = async (id: string) => (await archive.db.models.Interview.findById(id, { version: 1 }).lean())!.version;

async function mutate(query: string, input: Record<string, unknown>) {
  const res = await archive.gql(query, { input }, editor.token);
  expect(res.errors).toBeUndefined();
}

/**
 * After `change` on the first instance, every path is closed there before the mutation has answered
 * (search follows the instance's own poll), and on the other instance at its next poll.
 */
async function closesEverywhere(id: string, word: string, change: () => Promise<void>) {
  await change();
  const here = await shown(archive.url, id, word);
  const atOnce = Object.keys(here).filter((k) => !k.startsWith('search'));
  expect(pick(here, atOnce)).toEqual(every(here, false, atOnce));
  await caughtUp(archive.api);
  expect(await shown(archive.url, id, word)).toEqual(every(here, false));
  await caughtUp(other.api);
  expect(await shown(other.url, id, word)).toEqual(every(here, false));
}

/** What is still stored after reopening (a withdrawal deletes the access copies, so no media or peaks). */
const TEXT_PATHS = ['page', 'list', 'searchHits', 'searchCount', 'vtt', 'srt', 'ohms', 'oai'];

async function reopensEverywhere(id: string, word: string, change: () => Promise<void>, only = TEXT_PATHS) {
  await change();
  await Promise.all([caughtUp(archive.api), caughtUp(other.api)]);
  for (const base of [archive.url, other.url]) {
    const paths = await shown(base, id, word);
    expect(pick(paths, only)).toEqual(every(paths, true, only));
  }
}

// Each test asks a dozen paths on two instances some ten times: slow on a loaded machine, never timed.
describe('the anonymous cache keeps consent on every path', { timeout: 120_000 }, () => {
  it('a withdrawal closes every path, and only a reinstatement opens it again', async () => {
    const { id, word } = await openInterview();
    await closesEverywhere(id, word, async () =>
      mutate(`mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { id } }`, { id, version: await versionOf(id), reason: 'The narrator asked.' }),
    );
    // An unrelated edit does not bring it back.
    await mutate(`mutation($input: UpdateInterviewInput!) { updateInterview(input: $input) { id } }`, { id, version: await versionOf(id), title: { en: `Still withdrawn ${word}` } });
    await Promise.all([caughtUp(archive.api), caughtUp(other.api)]);
    expect(await shown(other.url, id, word)).toEqual(every(await shown(archive.url, id, word), false));
    const res = await archive.gql(`mutation($id: ID!, $version: Int!) { reinstateInterview(id: $id, version: $version) { id } }`, { id, version: await versionOf(id) }, editor.token);
    expect(res.errors).toBeUndefined();
    await reopensEverywhere(id, word, async () => undefined);
  });

  it('a new restriction (research only) closes every path; opening it again reopens them', async () => {
    const { id, word } = await openInterview();
    const setLevel = async (accessLevel: string) =>
      mutate(`mutation($input: SetAccessInput!) { setInterviewAccess(input: $input) { id } }`, { id, version: await versionOf(id), accessLevel });
    await closesEverywhere(id, word, () => setLevel('research'));
    await reopensEverywhere(id, word, () => setLevel('public'), undefined);
  });

  it('an unpublish closes every path; publishing again reopens them', async () => {
    const { id, word } = await openInterview();
    const setStatus = async (status: string) =>
      mutate(`mutation($input: SetStatusInput!) { setInterviewStatus(input: $input) { id } }`, { id, version: await versionOf(id), status });
    await closesEverywhere(id, word, () => setStatus('draft'));
    await reopensEverywhere(id, word, () => setStatus('published'), undefined);
  });

  it('an embargo closes every path at once and lifts at its date, without any edit, not before', async () => {
    const { id, word } = await openInterview();
    const until = new Date(Date.now() + 4_000);
    await closesEverywhere(id, word, async () =>
      mutate(`mutation($input: SetReleaseInput!) { setInterviewRelease(input: $input) { id } }`, { id, version: await versionOf(id), embargoUntil: until.toISOString() }),
    );
    // Asked again and again until it shows: never before the date, on either instance.
    for (const base of [archive.url, other.url]) {
      for (;;) {
        const paths = pick(await shown(base, id, word), ['page', 'list', 'vtt', 'iiif', 'oai', 'media', 'peaks']);
        // A path that shows it answered after the date (the date may pass while the paths are asked).
        if (Object.values(paths).some(Boolean)) expect(Date.now()).toBeGreaterThanOrEqual(until.getTime());
        if (Object.values(paths).every(Boolean)) break;
        await new Promise((ok) => setTimeout(ok, 100));
      }
    }
  });
});

describe('signed-in views and the route cache', { timeout: 120_000 }, () => {
  /** The database commands one HTTP request sends, leaving out the change log's own polling. */
  async function commandsFor(path: string, token?: string) {
    await archive.api.services.search.poll();
    const { seen, result: status } = await commandsDuring(archive, async () => {
      const res = await fetch(`${archive.url}${path}`, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
      await res.arrayBuffer();
      return res.status;
    });
    return { seen, status };
  }

  it('serves a repeated anonymous export without the database, and a signed-in one always from it', async () => {
    const { id } = await openInterview();
    for (const path of [`/api/interviews/${id}/transcript.vtt`, `/iiif/interviews/${id}/manifest.json`, `/api/interviews/${id}/peaks.json`, `/api/interviews/${id}/media`]) {
      const cached = await commandsFor(path);
      expect(cached.seen).toEqual([]);
      for (let i = 0; i < 2; i++) {
        const signedIn = await commandsFor(path, teacher.token);
        expect(signedIn.status).toBeLessThan(400);
        expect(signedIn.seen.some((c) => c.startsWith('find:interviews'))).toBe(true);
      }
    }
  });

  it('never gives the public what a teacher was shown', async () => {
    const id = await storedInterview(archive, { title: 'For the class', accessLevel: 'education' });
    await archive.db.models.Transcript.create({ status: 'approved', interviewId: id, language: 'kk', segments: [{ start: 0, end: 1, text: 'class only' }] });
    expect((await commandsFor(`/api/interviews/${id}/transcript.vtt`, teacher.token)).status).toBe(200);
    expect((await commandsFor(`/api/interviews/${id}/transcript.vtt`)).status).toBe(404);
    expect((await gqlAt(archive.url, PAGE, { id }, teacher.token)).data?.interview?.id).toBe(id);
    expect((await gqlAt(archive.url, PAGE, { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
