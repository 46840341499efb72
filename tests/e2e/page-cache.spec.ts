import { randomBytes } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startSite } from './support/site-process.js';
import { API_PORT, SITE_URL, TEACHER } from './support/seed-data.js';
import { apiGql, cachedVisit, change, closedWithin1s, collectionOf, editorToken, openInterview, opens, teacherToken, visit, type Seen } from './support/page-cache.js';

/**
 * The site's page cache (issue 11, web/src/lib/server/page-cache.ts) keeps rendered anonymous pages
 * under the API's anonymous cache key. On the SITE's interview, collection and search pages, with the
 * cache warm: a withdrawal, a new restriction, an unpublish and an embargo are reflected for every
 * request sent 1 s after the change has returned; each page opens again only when allowed; an embargo
 * lifts at its date without an edit; a signed-in visitor is never served from it; a render that
 * raced a change is not kept under the key that followed it. Every test makes records of its own.
 */

// A word for each test, found in no other record: the search page looks for it.
const word = () => `zhailau${[...randomBytes(5)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

let editor: string;
test.beforeAll(async () => {
  editor = await editorToken();
});

/** The three pages of an interview, warm in the page cache (each answered from it at least once). */
async function warmPages(accessLevel: 'public' | 'education' = 'public') {
  const interview = await openInterview(editor, word(), accessLevel);
  const pages = {
    interview: `/en/interviews/${interview.id}`,
    collection: await collectionOf(editor, `cache-${interview.word}`, [interview.id]),
    search: `/en/search?q=${interview.word}`,
  };
  for (const path of Object.values(pages)) {
    const seen = await cachedVisit(path, SITE_URL, interview.title);
    expect(seen.status).toBe(200);
  }
  return { interview, pages };
}

const shows = (title: string) => (seen: Seen) => seen.status === 200 && seen.html.includes(title);
const hides = (title: string) => (seen: Seen) => !shows(title)(seen);

/** After `act` returns, every page hides the interview for requests sent 1 s later. */
async function closesWithin1s(pages: Record<string, string>, title: string, act: () => Promise<void>) {
  await act();
  const changedAt = Date.now();
  for (const path of Object.values(pages)) await closedWithin1s(path, changedAt, hides(title));
}

async function reopens(pages: Record<string, string>, title: string) {
  for (const path of Object.values(pages)) await opens(path, shows(title));
}

// Each test changes a record and asks pages until they follow: a minute on a loaded machine, never timed.
test.describe.configure({ timeout: 90_000 });

test('a withdrawal closes the cached interview, collection and search pages within 1 s; only a reinstatement opens them', async () => {
  const { interview, pages } = await warmPages();
  await closesWithin1s(pages, interview.title, () => change(editor, interview.id, 'withdrawInterview', 'WithdrawInput', { reason: 'The narrator asked.' }));
  // An unrelated edit moves the key but brings nothing back.
  await change(editor, interview.id, 'updateInterview', 'UpdateInterviewInput', { summary: { en: 'Edited while withdrawn' } });
  for (const path of Object.values(pages)) expect(hides(interview.title)(await visit(path))).toBe(true);
  const { interview: stored } = await apiGql<{ interview: { version: number } }>(`query($id: ID!) { interview(id: $id) { version } }`, { id: interview.id }, editor);
  await apiGql(`mutation($id: ID!, $version: Int!) { reinstateInterview(id: $id, version: $version) { id } }`, { id: interview.id, version: stored.version }, editor);
  await reopens(pages, interview.title);
});

test('a new restriction (research only) closes the cached pages within 1 s; opening it again reopens them', async () => {
  const { interview, pages } = await warmPages();
  await closesWithin1s(pages, interview.title, () => change(editor, interview.id, 'setInterviewAccess', 'SetAccessInput', { accessLevel: 'research' }));
  await change(editor, interview.id, 'setInterviewAccess', 'SetAccessInput', { accessLevel: 'public' });
  await reopens(pages, interview.title);
});

test('an unpublish closes the cached pages within 1 s; publishing again reopens them', async () => {
  const { interview, pages } = await warmPages();
  await closesWithin1s(pages, interview.title, () => change(editor, interview.id, 'setInterviewStatus', 'SetStatusInput', { status: 'draft' }));
  await change(editor, interview.id, 'setInterviewStatus', 'SetStatusInput', { status: 'published' });
  await reopens(pages, interview.title);
});

test('an embargo closes the cached pages within 1 s and lifts at its date without any edit, never before', async () => {
  const { interview, pages } = await warmPages();
  const until = Date.now() + 6_000;
  await closesWithin1s(pages, interview.title, () =>
    change(editor, interview.id, 'setInterviewRelease', 'SetReleaseInput', { embargoUntil: new Date(until).toISOString() }),
  );
  for (const path of Object.values(pages)) {
    for (;;) {
      const seen = await visit(path);
      // Shown only by an answer that came after the date (the date may pass while one is rendered).
      if (shows(interview.title)(seen)) {
        expect(Date.now()).toBeGreaterThanOrEqual(until);
        break;
      }
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }
});

test('a signed-in teacher is never served from the anonymous cache, and the public never gets what she was shown', async () => {
  const teacher = `archive_session=${await teacherToken()}`;
  const open = await openInterview(editor, word());
  const forClass = await openInterview(editor, word(), 'education');
  const pages = [`/en/interviews/${open.id}`, await collectionOf(editor, `cache-class-${open.word}`, [open.id])];
  for (const path of pages) {
    // The public's view is kept (and answered from the cache)…
    const anonymous = await cachedVisit(path);
    expect(anonymous.html).toContain(open.title);
    expect(anonymous.html).not.toContain(TEACHER.name);
    // …and the teacher's is rendered for her, every time: her name in the header, her lessons.
    for (let i = 0; i < 2; i++) {
      const asTeacher = await visit(path, { cookie: teacher });
      expect(asTeacher.cache).toBeNull();
      expect(asTeacher.html).toContain(TEACHER.name);
    }
    expect((await visit(path)).html).not.toContain(TEACHER.name);
    // A stale or forged cookie is not served from the cache either (the API may know it still).
    expect((await visit(path, { cookie: 'archive_session=not-a-session' })).cache).toBeNull();
  }
  // Teacher-only material: hers right after the public's view of the site was cached, never the public's.
  const classPage = `/en/interviews/${forClass.id}`;
  for (let i = 0; i < 2; i++) {
    const asTeacher = await visit(classPage, { cookie: teacher });
    expect(asTeacher.status).toBe(200);
    expect(asTeacher.html).toContain(forClass.title);
    const anonymous = await visit(classPage);
    expect(anonymous.status).not.toBe(200);
    expect(anonymous.html).not.toContain(forClass.title);
  }
});

test('a hit sets the visitor’s language cookie and keeps the page’s ETag, which a render gives again (no nonce): 304', async () => {
  const { pages } = await warmPages();
  await cachedVisit(pages.interview);
  const res = await fetch(`${SITE_URL}${pages.interview}`, { headers: { 'accept-encoding': 'br' } });
  await res.arrayBuffer();
  const etag = res.headers.get('etag');
  expect(etag).toBeTruthy();
  expect(res.headers.get('cache-control')).toBe('private, no-cache');
  expect(res.headers.getSetCookie().some((c) => c.startsWith('archive_lang=en;'))).toBe(true);
  // A visitor who has the cookie is not sent it again; their browser's copy is still good.
  const again = await fetch(res.url, { headers: { 'accept-encoding': 'br', 'if-none-match': etag!, cookie: 'archive_lang=en' } });
  expect(again.status).toBe(304);
  expect(again.headers.getSetCookie()).toEqual([]);
  // Rendered afresh (a cookie that is no session keeps it out of the cache): the same page, the same tag.
  const rendered = await fetch(res.url, { headers: { 'accept-encoding': 'br', cookie: 'archive_session=not-a-session; archive_lang=en' } });
  await rendered.arrayBuffer();
  expect(rendered.headers.get('server-timing')).not.toContain('cache;desc=hit');
  expect(rendered.headers.get('etag')).toBe(etag);
});

/**
 * A relay in front of the API that holds the answer to one interview page query until released,
 * and tells when the site has read the view key again after a given moment.
 */
function relay(heldId: string) {
  let release!: () => void;
  const released = new Promise<void>((ok) => (release = ok));
  let heldSince: (() => void) | undefined;
  const held = new Promise<void>((ok) => (heldSince = ok));
  let after = Infinity;
  let keyReadAfter: (() => void) | undefined;
  const server: Server = createServer((req, res) => {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const hold = /query InterviewPage\b/.test(body.toString()) && body.toString().includes(heldId);
      const out = request({ host: '127.0.0.1', port: API_PORT, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', async () => {
          if (hold) {
            heldSince?.();
            await released;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers as IncomingHttpHeaders);
          res.end(Buffer.concat(parts));
          if (req.url === '/api/view-key' && arrived > after) keyReadAfter?.();
        });
      });
      out.end(body);
    });
  });
  return {
    server,
    held,
    release,
    /** Resolves once a view key read that arrived after now has been answered. */
    keyReadFromNow: () => {
      after = Date.now();
      return new Promise<void>((ok) => (keyReadAfter = ok));
    },
    listen: () => new Promise<number>((ok) => server.listen(0, '127.0.0.1', () => ok((server.address() as AddressInfo).port))),
  };
}

test('a render that raced a withdrawal is not kept under the key that followed it', async () => {
  const interview = await openInterview(editor, word());
  const path = `/en/interviews/${interview.id}`;
  const api = relay(interview.id);
  const site = await startSite(`http://127.0.0.1:${await api.listen()}`);
  try {
    // The page's answer is read before the withdrawal and held until the site knows the new key.
    const racing = visit(path, {}, site.url);
    await api.held;
    await change(editor, interview.id, 'withdrawInterview', 'WithdrawInput', { reason: 'The narrator asked.' });
    await api.keyReadFromNow();
    api.release();
    const raced = await racing;
    // Its visitor asked before the change, and gets what was open then…
    expect(raced.status).toBe(200);
    expect(raced.html).toContain(interview.title);
    // …and nobody after: the next visitor's page is rendered under the new key, and closed.
    const next = await visit(path, {}, site.url);
    expect(next.cache).not.toBe('hit');
    expect(next.status).toBe(404);
  } finally {
    site.child.kill('SIGTERM');
    api.server.close();
  }
});
