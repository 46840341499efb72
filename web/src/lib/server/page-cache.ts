/**
 * The site's rendered anonymous pages, kept under the API's anonymous cache key (issue 11). The API
 * answers a cached page query in a few milliseconds; rendering the page (SvelteKit SSR, compression)
 * costs the site ten times that, and it is the same for every anonymous visitor. So the finished,
 * compressed response is kept per key, encoding and URL, in an LRU bounded by bytes (lru-cache), and
 * a consent change, which moves the API's key, leaves every kept page unreachable at once
 * (view-key.ts says how soon the site learns it). Signed-in visitors (any session cookie) are never
 * served from it, nor kept in it. docs/decisions/read-cache.md, "the site's pages".
 *
 * This handle sits outside `compress` (a hit costs no Brotli) and skips the language and session
 * hooks: a hit sets the language cookie itself, and the session hook has nothing to do for a visitor
 * without a session cookie (an embed's framing header is part of what is kept).
 */
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { LRUCache } from 'lru-cache';
import { apiUrl } from './api-url.js';
import { SESSION_COOKIE } from './client.js';
import { chooseEncoding } from './compress.js';
import { isEmbedPath, isStudioPath } from './csp.js';
import { isLocaleCookie, localeCookieHeader, localeOfPath } from './locale.js';
import { entryName, mayStore, mayUseCache, pageOfData } from './page-cache-rules.js';
import { ViewKeyWatch } from './view-key.js';

interface Entry {
  status: number;
  /** Without Set-Cookie. */
  headers: [string, string][];
  body: Uint8Array;
}

/** The most the page cache holds: some thousand pages in three languages and encodings. */
const MAX_BYTES = 64 * 1024 ** 2;
/** A kept page lives this long at most, as the API's answers do (ANONYMOUS_MAX_AGE_S); a change ends it sooner. */
const MAX_AGE_MS = 60_000;

const store = new LRUCache<string, Entry>({ maxSize: MAX_BYTES, sizeCalculation: (e) => e.body.length + 500, ttl: MAX_AGE_MS });
/** Renders under way, by entry name: a class opening one page at once waits for one render. */
const rendering = new Map<string, Promise<Entry | null>>();
/** Pages kept, by key and URL: their data may be kept too (see `dataOfKeptPage`). */
const keptPages = new LRUCache<string, true>({ max: 10_000, ttl: MAX_AGE_MS });
/** Names whose render was not kept (an error page, a page without API reads): nobody waits for them again. */
const refused = new LRUCache<string, true>({ max: 10_000, ttl: MAX_AGE_MS });

async function readViewKey(): Promise<string | null> {
  const res = await fetch(`${apiUrl()}/api/view-key`, { signal: AbortSignal.timeout(1_000) });
  const body = (await res.json().catch(() => null)) as { key?: unknown } | null;
  return res.ok && typeof body?.key === 'string' && body.key.length <= 100 ? body.key : null;
}

const viewKey = new ViewKeyWatch(readViewKey);

const timed = (headers: Headers, outcome: string) => headers.append('server-timing', `cache;desc=${outcome}`);

/** A kept page for this visitor: the language cookie theirs, as the language hook would have set it. */
function replay(entry: Entry, event: RequestEvent): Response {
  const headers = new Headers(entry.headers);
  const locale = localeOfPath(event.url.pathname);
  const cookie = locale && !isEmbedPath(event.url.pathname) ? localeCookieHeader(event, locale) : null;
  if (cookie) headers.append('set-cookie', cookie);
  timed(headers, 'hit');
  // SvelteKit answers 304 after the hooks when the ETag (kept with the page) matches If-None-Match.
  return new Response(entry.body.slice(), { status: entry.status, headers });
}

/** Renders the page, and keeps it under `key` when every API answer of the render was read under it. */
async function render(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve'], key: string, name: string): Promise<[Response, Entry | null]> {
  event.locals.viewKeys = [];
  const response = await resolve(event);
  const headers = new Headers(response.headers);
  // A shared cache (a CDN) would not see the change log; a browser asks again each time (ETag → 304).
  if (!headers.has('cache-control')) headers.set('cache-control', 'private, no-cache');
  if (response.status !== 200 || !response.body) return [new Response(response.body, { status: response.status, statusText: response.statusText, headers }), null];
  const body = new Uint8Array(await response.arrayBuffer());
  const page = pageOfData(event.request.url);
  const dataOfKeptPage = page !== null && keptPages.has(`${key} ${page}`);
  const kept = mayStore(key, { status: response.status, headers, bytes: body.length, answerKeys: event.locals.viewKeys, dataOfKeptPage }, isLocaleCookie);
  let entry: Entry | null = null;
  if (kept) {
    const withoutCookies = new Headers(headers);
    withoutCookies.delete('set-cookie');
    entry = { status: response.status, headers: [...withoutCookies], body };
    store.set(name, entry);
    if (page === null) keptPages.set(`${key} ${event.request.url}`, true);
  }
  timed(headers, kept ? 'miss' : 'none');
  return [new Response(body, { status: response.status, statusText: response.statusText, headers }), entry];
}

export const pageCache: Handle = async ({ event, resolve }) => {
  const { pathname } = event.url;
  const request = {
    method: event.request.method,
    href: event.request.url,
    localized: localeOfPath(pathname) !== undefined,
    studio: isStudioPath(pathname),
    embed: isEmbedPath(pathname),
    sessionCookie: event.cookies.get(SESSION_COOKIE) !== undefined,
  };
  if (!mayUseCache(request)) return resolve(event);
  const key = await viewKey.current();
  if (!key) return resolve(event);
  const name = entryName(key, chooseEncoding(event.request.headers.get('accept-encoding')), request.href);

  // No await between the lookup and registering a render (below) unless one is under way: requests
  // resumed together would otherwise each find nothing and each render.
  let kept = store.get(name);
  const pending = kept ? undefined : rendering.get(name);
  if (pending) kept = (await pending) ?? undefined;
  if (kept) return replay(kept, event);
  if (rendering.has(name) || refused.has(name)) return (await render(event, resolve, key, name))[0];

  let done!: (entry: Entry | null) => void;
  rendering.set(name, new Promise((ok) => (done = ok)));
  let entry: Entry | null = null;
  try {
    const [response, stored] = await render(event, resolve, key, name);
    entry = stored;
    if (!entry) refused.set(name, true);
    return response;
  } finally {
    rendering.delete(name);
    done(entry);
  }
};
