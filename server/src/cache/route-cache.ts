/**
 * The anonymous cache of the HTTP routes (captions VTT/SRT/text, OHMS, IIIF, OAI, the media redirect,
 * peaks): the same key as the GraphQL answers (AnonymousCacheKey), so a withdrawal, an embargo, a
 * restriction or an unpublish moves both at the same moment. Replies are kept in process, in an LRU
 * bounded by bytes (lru-cache); browsers and proxies get `no-cache` and an ETag, so they revalidate on
 * every use and never keep a reply past a change (docs/decisions/read-cache.md).
 */
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { ANONYMOUS_MAX_AGE_S, type AnonymousCacheKey } from './anonymous-cache.js';

/** What a route answers, built once and sent to every anonymous visitor who asks the same URL. */
export interface Reply {
  type?: string;
  body?: string | Buffer;
  /** A redirect's target (the media route). */
  location?: string;
  headers?: Record<string, string>;
}

/** The most the route cache holds (replies are captions, manifests, peaks: tens to hundreds of KB). */
const MAX_BYTES = 64 * 1024 ** 2;
/** A reply larger than this is not kept (it would push out hundreds of others). */
const MAX_REPLY_BYTES = 4 * 1024 ** 2;
/** A longer URL is not kept: a cache filled by random query strings evicts, it does not grow. */
const MAX_URL = 2_000;

const sizeOf = (reply: Reply) => (reply.body?.length ?? 0) + (reply.location?.length ?? 0) + 200;

export class RouteCache {
  private readonly store = new LRUCache<string, Reply>({ maxSize: MAX_BYTES, sizeCalculation: sizeOf, ttl: ANONYMOUS_MAX_AGE_S * 1000 });

  /** `key` undefined: the cache is switched off (ANONYMOUS_CACHE=off) and every reply is computed. */
  constructor(private readonly key: AnonymousCacheKey | undefined) {}

  /**
   * The reply to `req`: kept for anonymous views while the change log is followed, computed for
   * anyone else. Errors (not found, forbidden) are never kept. `ttlMs` shortens an entry's life (a
   * redirect to a presigned link must leave the link most of its lifetime).
   */
  async reply(req: Request, anonymous: boolean, compute: () => Promise<Reply>, ttlMs?: number): Promise<Reply> {
    if (!this.key || !anonymous || req.originalUrl.length > MAX_URL || !(await this.key.fresh())) return compute();
    const name = `${await this.key.current()} ${req.originalUrl}`;
    const kept = this.store.get(name);
    if (kept) return kept;
    const reply = await compute();
    if (sizeOf(reply) <= MAX_REPLY_BYTES) this.store.set(name, reply, ttlMs ? { ttl: ttlMs } : undefined);
    return reply;
  }
}

/**
 * Sends a reply. Every reply may differ per viewer (restricted passages), so shared caches must not
 * keep it (`private`), and a browser revalidates each time (`no-cache`): an ETag then answers 304
 * when nothing changed. Redirects to presigned links are never stored anywhere (`no-store`).
 */
export function sendReply(req: Request, res: Response, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.set(name, value);
  res.set('Vary', 'Cookie, Authorization');
  if (reply.location !== undefined) {
    res.set('Cache-Control', 'private, no-store');
    res.redirect(302, reply.location);
    return;
  }
  res.set('Cache-Control', 'private, no-cache');
  // A stored hash as ETag (the peaks): compared here even when the request says no-cache, as a
  // revalidating fetch() does (express's own check gives up then).
  const etag = reply.headers?.ETag;
  if (etag && req.get('if-none-match')?.split(/\s*,\s*/).includes(etag)) {
    res.status(304).end();
    return;
  }
  if (reply.type) res.type(reply.type);
  res.send(reply.body ?? '');
}
