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
 *
 * The same lookup is offered to the site's front server (web/server/front.js, in front of
 * adapter-node's handler), which answers hits straight from Node's request and response, before
 * SvelteKit; a request it does not answer comes here, where the same rules find the same store.
 */
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { LRUCache } from 'lru-cache';
import { offerLookup } from '../../../server/page-cache-lookup.js';
import { apiUrl } from './api-url.js';
import { SESSION_COOKIE } from './client.js';
import { chooseEncoding } from './compress.js';
import { isEmbedPath, isStudioPath } from './csp.js';
import { isLocaleCookie, localeCookieHeader, localeOfPath } from './locale.js';
import { entryName, mayHoldSession, mayStore, mayUseCache, pageOfData, replay, type Answer, type Asked, type Kept } from './page-cache-rules.js';
import { ViewKeyWatch } from './view-key.js';

/** The most the page cache holds: some thousand pages in three languages and encodings. */
const MAX_BYTES = 64 * 1024 ** 2;
/** A kept page lives this long at most, as the API's answers do (ANONYMOUS_MAX_AGE_S); a change ends it sooner. */
const MAX_AGE_MS = 60_000;

const store = new LRUCache<string, Kept>({ maxSize: MAX_BYTES, sizeCalculation: (e) => e.body.length + 500, ttl: MAX_AGE_MS });
/** Renders under way, by entry name: a class opening one page at once waits for one render. */
const rendering = new Map<string, Promise<Kept | null>>();
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

const askedOf = (request: Request): Asked => ({
  method: request.method,
  href: request.url,
  cookie: request.headers.get('cookie'),
  acceptEncoding: request.headers.get('accept-encoding'),
  ifNoneMatch: request.headers.get('if-none-match'),
});

interface Found {
  key: string;
  name: string;
  url: URL;
  entry?: Kept;
  /** This request renders the entry for every request that finds it under way (call when done). */
  claim?: (entry: Kept | null, completed: boolean) => void;
}

/**
 * The entry for this request, when it may be served from the cache: kept (or rendered meanwhile by
 * a request under way), else its name, claimed for rendering when `renders` and nobody renders it.
 * Null: not for the cache (who asks, no key).
 */
async function find(asked: Asked, renders: boolean): Promise<Found | null> {
  const url = new URL(pageOfData(asked.href) ?? asked.href);
  const { pathname } = url;
  const request = {
    method: asked.method,
    href: asked.href,
    localized: localeOfPath(pathname) !== undefined,
    studio: isStudioPath(pathname),
    embed: isEmbedPath(pathname),
    sessionCookie: mayHoldSession(asked.cookie, SESSION_COOKIE),
  };
  if (!mayUseCache(request)) return null;
  const key = await viewKey.current();
  if (!key) return null;
  const name = entryName(key, chooseEncoding(asked.acceptEncoding), asked.href);

  // No await between the lookup and claiming a render (below) unless one is under way: requests
  // resumed together would otherwise each find nothing and each render.
  let entry = store.get(name);
  const pending = entry ? undefined : rendering.get(name);
  if (pending) entry = (await pending) ?? undefined;
  if (entry) return { key, name, url, entry };
  if (!renders || rendering.has(name) || refused.has(name)) return { key, name, url };

  let done!: (entry: Kept | null) => void;
  rendering.set(name, new Promise((ok) => (done = ok)));
  const claim = (kept: Kept | null, completed: boolean) => {
    if (!kept && completed) refused.set(name, true);
    rendering.delete(name);
    done(kept);
  };
  return { key, name, url, claim };
}

/** A kept page for this visitor: the language cookie theirs, as the language hook would have set it. */
function answerOf(found: Found & { entry: Kept }, asked: Asked): Answer {
  const locale = localeOfPath(found.url.pathname);
  const cookie = locale && !isEmbedPath(found.url.pathname) ? localeCookieHeader(asked.cookie, locale, found.url.protocol === 'https:') : null;
  return replay(found.entry, asked.ifNoneMatch, cookie);
}

const hasEntry = (found: Found): found is Found & { entry: Kept } => found.entry !== undefined;

// The front server's way in: a hit, or null (it hands the request to SvelteKit, and so to the hook below).
offerLookup(async (asked) => {
  const found = await find(asked, false);
  return found && hasEntry(found) ? answerOf(found, asked) : null;
});

const timed = (headers: Headers, outcome: string) => headers.append('server-timing', `cache;desc=${outcome}`);

/** Renders the page, and keeps it under `key` when every API answer of the render was read under it. */
async function render(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve'], key: string, name: string): Promise<[Response, Kept | null]> {
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
  let entry: Kept | null = null;
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
  const asked = askedOf(event.request);
  const found = await find(asked, true);
  if (!found) return resolve(event);
  if (hasEntry(found)) {
    const answer = answerOf(found, asked);
    return new Response(answer.body?.slice() ?? null, { status: answer.status, headers: answer.headers });
  }
  if (!found.claim) return (await render(event, resolve, found.key, found.name))[0];

  let entry: Kept | null = null;
  let completed = false;
  try {
    const [response, stored] = await render(event, resolve, found.key, found.name);
    entry = stored;
    completed = true;
    return response;
  } finally {
    found.claim(entry, completed);
  }
};
