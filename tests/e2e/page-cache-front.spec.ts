import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { startSite } from './support/site-process.js';
import { API_PORT, SITE_URL, TEACHER } from './support/seed-data.js';
import { apiGql, change, closedWithin1s, collectionOf, editorToken, frontVisit, openInterview, opens, teacherToken, visit, type Seen } from './support/page-cache.js';

/**
 * The site's front server (web/server/front.js, built as web/build/index.js): page-cache hits are
 * answered before SvelteKit, from the store and by the rules of the pageCache hook
 * (web/src/lib/server/page-cache.ts). Server-Timing names `front` on what it answered. Each test
 * makes records of its own.
 */

const word = () => `kokpar${[...randomBytes(5)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
const fresh = () => randomBytes(4).toString('hex');

let editor: string;
test.beforeAll(async () => {
  editor = await editorToken();
});

test.describe.configure({ timeout: 90_000 });

/** What differs between two answers of one page by nature: the clock, the framing, the timings. */
const OWN = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'server-timing']);
const kept = (headers: Headers) => [...headers].filter(([name]) => !OWN.has(name));

/** The first visit of a URL of its own renders and keeps it (miss); then the front answers it. */
async function renderedThenFront(path: string, site = SITE_URL, headers: Record<string, string> = {}): Promise<{ rendered: Seen; hit: Seen }> {
  for (;;) {
    const url = `${path}${path.includes('?') ? '&' : '?'}v=${fresh()}`;
    const rendered = await visit(url, headers, site);
    // Another test's change may move the key between the two: then try another URL.
    if (rendered.cache !== 'miss') continue;
    const hit = await visit(url, headers, site);
    if (hit.cache === 'hit') return { rendered, hit };
  }
}

test('a hit is answered by the front with the headers its render produced: CSP, framing, ETag, Vary, encoding, the language cookie', async () => {
  const interview = await openInterview(editor, word());
  for (const path of [`/en/interviews/${interview.id}`, `/en/embed/interviews/${interview.id}`]) {
    const { rendered, hit } = await renderedThenFront(path);
    expect(rendered.front).toBe(false);
    expect(hit.front).toBe(true);
    expect(hit.headers.get('server-timing')).not.toContain('render;dur');
    expect(hit.status).toBe(200);
    expect(hit.html).toBe(rendered.html);
    expect(kept(hit.headers)).toEqual(kept(rendered.headers));
    expect(hit.headers.get('content-security-policy')).toBeTruthy();
    expect(hit.headers.get('content-encoding')).toBe('br');
  }
  // The embed may be framed by other sites; the page may not: each hit keeps its own policy.
  const page = await frontVisit(`/en/interviews/${interview.id}`);
  const embed = await frontVisit(`/en/embed/interviews/${interview.id}`);
  expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(embed.headers.get('content-security-policy')).not.toContain("frame-ancestors 'none'");
  // Without Brotli, the gzip entry of its own; without compression, the plain one.
  for (const encoding of ['gzip', 'identity']) {
    const seen = await frontVisit(`/en/interviews/${interview.id}`, { 'accept-encoding': encoding });
    expect(seen.headers.get('content-encoding')).toBe(encoding === 'gzip' ? 'gzip' : null);
    expect(seen.html).toContain(interview.title);
  }
});

test('a signed-in visitor, a stale cookie, the studio, a form post and HEAD never get a hit', async () => {
  const teacher = `archive_session=${await teacherToken()}`;
  const interview = await openInterview(editor, word());
  const path = `/en/interviews/${interview.id}`;
  await frontVisit(path);
  for (let i = 0; i < 2; i++) {
    const asTeacher = await visit(path, { cookie: teacher });
    expect(asTeacher.front).toBe(false);
    expect(asTeacher.cache).toBeNull();
    expect(asTeacher.html).toContain(TEACHER.name);
    // The session cookie anywhere in the header, beside others.
    const beside = await visit(path, { cookie: `archive_lang=en; ${teacher}` });
    expect(beside.cache).toBeNull();
    expect(beside.html).toContain(TEACHER.name);
    expect((await visit(path, { cookie: 'archive_session=not-a-session' })).cache).toBeNull();
    const studio = await visit('/en/studio', { cookie: `archive_session=${editor}` });
    expect(studio.status).toBe(200);
    expect(studio.cache).toBeNull();
    expect(studio.front).toBe(false);
    expect((await visit('/en/studio')).cache).toBeNull();
  }
  const post = await fetch(`${SITE_URL}${path}?/addToLesson`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE_URL, 'accept-encoding': 'br' },
    body: 'lessonId=none',
    redirect: 'manual',
  });
  await post.arrayBuffer();
  expect(post.headers.get('server-timing') ?? '').not.toMatch(/cache;desc=hit|front;dur/);
  const head = await fetch(`${SITE_URL}${path}`, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
  expect(head.headers.get('server-timing') ?? '').not.toMatch(/cache;desc=hit|front;dur/);
  // And the public is still answered by the front, never with what the teacher was shown.
  const after = await frontVisit(path);
  expect(after.html).not.toContain(TEACHER.name);
});

test('a withdrawal is reflected through the front within 1 s on the interview, collection and search pages; a reinstatement brings the front back', async () => {
  const interview = await openInterview(editor, word());
  const pages = [`/en/interviews/${interview.id}`, await collectionOf(editor, `front-${interview.word}`, [interview.id]), `/en/search?q=${interview.word}`];
  for (const path of pages) expect((await frontVisit(path, {}, SITE_URL, interview.title)).html).toContain(interview.title);
  await change(editor, interview.id, 'withdrawInterview', 'WithdrawInput', { reason: 'The narrator asked.' });
  const changedAt = Date.now();
  for (const path of pages) await closedWithin1s(path, changedAt, (seen) => !(seen.status === 200 && seen.html.includes(interview.title)));
  const { interview: stored } = await apiGql<{ interview: { version: number } }>(`query($id: ID!) { interview(id: $id) { version } }`, { id: interview.id }, editor);
  await apiGql(`mutation($id: ID!, $version: Int!) { reinstateInterview(id: $id, version: $version) { id } }`, { id: interview.id, version: stored.version }, editor);
  for (const path of pages) {
    await opens(path, (seen) => seen.status === 200 && seen.html.includes(interview.title));
    expect((await frontVisit(path, {}, SITE_URL, interview.title)).html).toContain(interview.title);
  }
});

test('the front answers 304 to a matching If-None-Match (a weak one too), with the page’s validators; another tag gets the page', async () => {
  const interview = await openInterview(editor, word());
  const path = `/en/interviews/${interview.id}`;
  const page = await frontVisit(path);
  const etag = page.headers.get('etag')!;
  expect(etag).toBeTruthy();
  for (const ifNoneMatch of [etag, `W/${etag}`]) {
    const res = await fetch(`${SITE_URL}${path}`, { headers: { 'accept-encoding': 'br', 'if-none-match': ifNoneMatch, cookie: 'archive_lang=en' } });
    expect(res.status).toBe(304);
    expect(res.headers.get('server-timing')).toMatch(/cache;desc=hit.*front;dur=/);
    expect(res.headers.get('etag')).toBe(etag);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('vary')).toBe(page.headers.get('vary'));
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  }
  // A visitor without the language cookie gets it with the 304 too, as SvelteKit's 304 carries it.
  const noCookie = await fetch(`${SITE_URL}${path}`, { headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
  expect(noCookie.status).toBe(304);
  expect(noCookie.headers.getSetCookie().some((c) => c.startsWith('archive_lang=en;'))).toBe(true);
  const other = await visit(path, { 'if-none-match': '"another"' });
  expect(other.status).toBe(200);
  expect(other.front).toBe(true);
  expect(other.html).toContain(interview.title);
});

test('without ORIGIN the front names a page by the origin adapter-node tells from PROTOCOL_HEADER and HOST_HEADER', async () => {
  const interview = await openInterview(editor, word());
  const path = `/en/interviews/${interview.id}`;
  const site = await startSite(`http://127.0.0.1:${API_PORT}`, { ORIGIN: undefined, PROTOCOL_HEADER: 'x-forwarded-proto', HOST_HEADER: 'x-forwarded-host' });
  try {
    const schoolA = { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'a.school.example' };
    const { rendered, hit } = await renderedThenFront(path, site.url, schoolA);
    expect(hit.front).toBe(true);
    expect(kept(hit.headers)).toEqual(kept(rendered.headers));
    // Served over http: the language cookie is not marked Secure, on the render as on the hit.
    expect(hit.headers.getSetCookie()).toEqual(rendered.headers.getSetCookie());
    expect(hit.headers.getSetCookie().join()).not.toContain('Secure');
    // The same page for another host is another entry: its first visit is rendered.
    const url = `${path}?v=${fresh()}`;
    await frontVisit(url, schoolA, site.url);
    const other = await visit(url, { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'b.school.example' }, site.url);
    expect(other.front).toBe(false);
    expect(other.cache).not.toBe('hit');
  } finally {
    site.child.kill('SIGTERM');
  }
});
