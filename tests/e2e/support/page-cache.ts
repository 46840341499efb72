/**
 * For the page cache's tests (page-cache.spec.ts): records of a test's own, made through the API as
 * an editor does, and the site's pages as a visitor's plain HTTP requests (no browser: the cache is
 * about what the site answers, and a browser would add its own caching).
 */
import { expect } from '@playwright/test';
import { API_PORT, SITE_URL, STAFF, TEACHER } from './seed-data.js';

const API = `http://127.0.0.1:${API_PORT}`;

export async function apiGql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string, base = API): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export async function tokenOf(who: { email: string; password: string }): Promise<string> {
  const data = await apiGql<{ signIn: { token: string } }>('mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }', { e: who.email, p: who.password });
  return data.signIn.token;
}

export const editorToken = () => tokenOf(STAFF.editor);
export const teacherToken = () => tokenOf(TEACHER);

const FIELDS = 'id version';
const versionOf = async (id: string, token: string) => (await apiGql<{ interview: { version: number } }>(`query($id: ID!) { interview(id: $id) { version } }`, { id }, token)).interview.version;

/** An interview of the test's own, in a collection of its own, open to everyone: its title holds a word found nowhere else. */
export async function openInterview(token: string, word: string, accessLevel: 'public' | 'education' = 'public') {
  const title = `Cached page ${word}`;
  const created = await apiGql<{ createInterview: { id: string } }>(
    `mutation($input: CreateInterviewInput!) { createInterview(input: $input) { ${FIELDS} } }`,
    { input: { title: { en: title }, languages: ['ru'], durationSeconds: 120 } },
    token,
  );
  const id = created.createInterview.id;
  await change(token, id, 'setInterviewRelease', 'SetReleaseInput', { permits: 'public', signedOn: '2025-01-10T00:00:00Z' });
  await change(token, id, 'setInterviewAccess', 'SetAccessInput', { accessLevel });
  await change(token, id, 'setInterviewStatus', 'SetStatusInput', { status: 'published' });
  return { id, title, word };
}

/** A published collection with a clip of each interview. */
export async function collectionOf(token: string, slug: string, interviewIds: string[]) {
  const created = await apiGql<{ createCollection: { id: string; version: number } }>(
    `mutation($input: CreateCollectionInput!) { createCollection(input: $input) { id version } }`,
    { input: { slug, title: { en: `Collection ${slug}` }, blocks: interviewIds.map((interviewId) => ({ type: 'clip', interviewId, start: 10, end: 70 })) } },
    token,
  );
  await apiGql(`mutation($id: ID!, $version: Int!) { publishCollection(id: $id, version: $version) { id } }`, created.createCollection, token);
  return `/en/collections/${slug}`;
}

/** One of the editor's consent mutations on the interview (its current version looked up first). */
export async function change(token: string, id: string, mutation: string, input: string, fields: Record<string, unknown>) {
  await apiGql(`mutation($input: ${input}!) { ${mutation}(input: $input) { id } }`, { input: { id, version: await versionOf(id, token), ...fields } }, token);
}

export interface Seen {
  status: number;
  html: string;
  /** The site's page cache: hit, miss (rendered and kept), none (rendered, not kept) or absent. */
  cache: string | null;
  /** Answered by the site's front server (web/server/front.js), before SvelteKit. */
  front: boolean;
  headers: Headers;
  /** When the request was sent. */
  sentAt: number;
}

export async function visit(path: string, headers: Record<string, string> = {}, site = SITE_URL): Promise<Seen> {
  const sentAt = Date.now();
  const res = await fetch(`${site}${path}`, { headers: { 'accept-encoding': 'br, gzip', ...headers }, redirect: 'manual' });
  const html = await res.text();
  const timing = res.headers.get('server-timing') ?? '';
  const cache = /cache;desc=(\w+)/.exec(timing)?.[1] ?? null;
  return { status: res.status, html, cache, front: /\bfront;dur=/.test(timing), headers: res.headers, sentAt };
}

/**
 * Asks until a visit is answered from the page cache (other tests' changes move the key meanwhile),
 * and, given `holding`, until the kept page holds it: a search page asked for just after a publish may
 * be kept, rightly, without the new interview until the API's index has read the change from the log
 * (its next poll, within 500 ms), which moves the key.
 */
export async function cachedVisit(path: string, site = SITE_URL, holding?: string): Promise<Seen> {
  let seen: Seen | undefined;
  const warm = async () => {
    seen = await visit(path, {}, site);
    return seen.cache === 'hit' && (holding === undefined || seen.html.includes(holding));
  };
  await expect.poll(warm, { timeout: 20_000, intervals: [50] }).toBe(true);
  return seen!;
}

/** Asks until a visit is answered by the front server from the page cache (and holds `holding`, as cachedVisit). */
export async function frontVisit(path: string, headers: Record<string, string> = {}, site = SITE_URL, holding?: string): Promise<Seen> {
  let seen: Seen | undefined;
  const warm = async () => {
    seen = await visit(path, headers, site);
    return seen.front && seen.cache === 'hit' && (holding === undefined || seen.html.includes(holding));
  };
  await expect.poll(warm, { timeout: 20_000, intervals: [50] }).toBe(true);
  return seen!;
}

/**
 * Asks the page until `closed` holds; fails if a request sent 1 s or more after the change still
 * finds it open. (Only when it was sent counts: how long a loaded machine takes to answer does not.)
 */
export async function closedWithin1s(path: string, changedAt: number, closed: (seen: Seen) => boolean) {
  for (;;) {
    const seen = await visit(path);
    if (closed(seen)) return seen;
    expect(seen.sentAt - changedAt, `${path} still open to a request sent ${seen.sentAt - changedAt} ms after the change`).toBeLessThan(1_000);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

/** Asks the page until `open` holds (a reopening has no deadline of its own to keep). */
export async function opens(path: string, open: (seen: Seen) => boolean, timeout = 20_000) {
  await expect.poll(async () => open(await visit(path)), { timeout, intervals: [100] }).toBe(true);
}
