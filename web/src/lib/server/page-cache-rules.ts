/**
 * What the site's page cache (page-cache.ts) may serve and keep: the pure rules, apart so they are
 * unit-tested without SvelteKit.
 */

/** Named on every anonymous GraphQL answer the API's cache keeps (server/src/cache/anonymous-cache.ts). */
export const VIEW_KEY_HEADER = 'x-archive-view-key';
/** A longer URL is neither kept nor looked up: random query strings evict, they do not grow the cache. */
export const MAX_URL = 2_000;
/** A page larger than this is not kept (an interview page with its transcript is tens of KB). */
export const MAX_ENTRY_BYTES = 2 * 1024 ** 2;
const KEPT_TYPES = /^(text\/html|application\/json)\b/;

export type Encoding = 'br' | 'gzip' | null;

export interface PageRequest {
  method: string;
  /** The request's own URL (a page's `__data.json` is its own entry). */
  href: string;
  /** Under /kk, /ru or /en (anything else is a redirect or an asset). */
  localized: boolean;
  studio: boolean;
  embed: boolean;
  /** A session cookie of any value, even a stale one: the visitor may be signed in. */
  sessionCookie: boolean;
}

/**
 * Only what is the same for every anonymous visitor: GET of a public page or its data, without a
 * session cookie; embeds never read the session, so theirs is the public's view whatever the cookie.
 */
export function mayUseCache(r: PageRequest): boolean {
  return r.method === 'GET' && r.localized && !r.studio && (r.embed || !r.sessionCookie) && r.href.length <= MAX_URL;
}

/** One entry per key, encoding (the bytes are kept compressed) and URL (origin included). */
export function entryName(key: string, encoding: Encoding, href: string): string {
  return `${key} ${encoding ?? 'identity'} ${href}`;
}

/**
 * The page a `__data.json` request is the data of (its URL without the suffix and SvelteKit's own
 * parameters), or null for a page request.
 */
export function pageOfData(href: string): string | null {
  const url = new URL(href);
  if (!url.pathname.endsWith('/__data.json')) return null;
  url.pathname = url.pathname.slice(0, -'/__data.json'.length) || '/';
  url.searchParams.delete('x-sveltekit-invalidated');
  url.searchParams.delete('x-sveltekit-trailing-slash');
  return url.href;
}

export interface Rendered {
  status: number;
  headers: Headers;
  bytes: number;
  /** The view key each API answer of the render carried ('' for one that carried none). */
  answerKeys: readonly string[];
  /**
   * A page's data whose page was kept under the same key: SvelteKit marks every data answer
   * `no-store` (for browsers), so for data that says nothing; the page's own answer tells whether
   * the route keeps itself private (a class link's, the visitor's requests).
   */
  dataOfKeptPage?: boolean;
}

/** The name of the cookie the language hook sets (Paraglide's): replayed per visitor, never kept. */
export type CookieNamed = (setCookie: string) => boolean;

/**
 * A render is kept under `key` only if it is a 200 page or data answer that sets no cookie of the
 * visitor's (the language cookie aside, which each hit sets for itself), is not marked no-store (a
 * page's data: whose page was kept), and read the API at least once, every answer under exactly `key`: a render that raced a change,
 * or was answered by an API instance with another key, or got an answer the API does not cache (an
 * error, a mutation), is served to its visitor and kept for no one.
 */
export function mayStore(key: string, r: Rendered, languageCookie: CookieNamed): boolean {
  return (
    r.status === 200 &&
    KEPT_TYPES.test(r.headers.get('content-type') ?? '') &&
    (r.dataOfKeptPage || !/no-store/i.test(r.headers.get('cache-control') ?? '')) &&
    r.headers.getSetCookie().every(languageCookie) &&
    r.bytes <= MAX_ENTRY_BYTES &&
    r.answerKeys.length > 0 &&
    r.answerKeys.every((k) => k === key)
  );
}

/**
 * Whether a Cookie header may carry a session cookie: any mention of its name. Broader than a
 * parser on purpose: the front server (web/server/front.js) and SvelteKit read the same header, and
 * no quirk of parsing may let one of them take a signed-in visitor for an anonymous one.
 */
export const mayHoldSession = (cookieHeader: string | null, sessionCookie: string) => (cookieHeader ?? '').includes(sessionCookie);

/**
 * A request as the page cache sees it, from the hooks or from the front server
 * (web/server/page-cache-lookup.js): what it needs, and no more.
 */
export interface Asked {
  method: string;
  /** As SvelteKit's `event.request.url` (origin included): a page's `__data.json` is its own entry. */
  href: string;
  cookie: string | null;
  acceptEncoding: string | null;
  ifNoneMatch: string | null;
}

/** A kept page: its status, its headers as the render produced them (without Set-Cookie), its bytes. */
export interface Kept {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/** What a hit answers one visitor: a kept page replayed, or a 304 when their copy is current. */
export interface Answer {
  status: number;
  headers: [string, string][];
  body: Uint8Array | null;
}

/** Headers a 304 repeats from the page (RFC 9110 15.4.5), as SvelteKit's own 304 does. */
const NOT_MODIFIED_KEEPS = new Set(['etag', 'cache-control', 'content-location', 'date', 'expires', 'vary']);

/** SvelteKit's rule, which answers every page it renders: If-None-Match equal to the ETag, a `W/` prefix ignored. */
export function notModified(etag: string | undefined, ifNoneMatch: string | null): boolean {
  if (!etag || !ifNoneMatch) return false;
  return (ifNoneMatch.startsWith('W/"') ? ifNoneMatch.slice(2) : ifNoneMatch) === etag;
}

/**
 * A kept page for one visitor: their language cookie when they lack it (`setCookie`), and
 * Server-Timing `cache;desc=hit`; a 304 with the page's validators when If-None-Match matches.
 */
export function replay(entry: Kept, ifNoneMatch: string | null, setCookie: string | null): Answer {
  const own: [string, string][] = setCookie ? [['set-cookie', setCookie]] : [];
  own.push(['server-timing', 'cache;desc=hit']);
  const etag = entry.headers.find(([name]) => name === 'etag')?.[1];
  if (entry.status === 200 && notModified(etag, ifNoneMatch)) {
    return { status: 304, headers: [...entry.headers.filter(([name]) => NOT_MODIFIED_KEEPS.has(name)), ...own], body: null };
  }
  return { status: entry.status, headers: [...entry.headers, ...own], body: entry.body };
}
