/**
 * The anonymous cache: GraphQL answers for visitors who are not signed in are the same for all of them,
 * so Apollo's response cache keeps them, keyed by (a) the change log position this instance has applied
 * and (b) the next embargo end. Any audited change (a withdrawal, an embargo, a restriction, an
 * unpublish) moves (a) at the next poll of the log (every 500 ms), so no answer from before it is served
 * again; an embargo that ends at a date moves (b) at that instant, without any edit. Stale entries are
 * never read again and age out of the LRU store. Signed-in requests neither read nor write it: their
 * answers depend on who asks. Measured and argued in docs/decisions/read-cache.md.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { isSignedIn } from '../access/actor.js';
import type { Context } from '../context.js';
import type { Models } from '../db/models.js';
import type { SearchIndex } from '../search/search-index.js';

/** How long an answer lives at most; a change moves the key long before. */
export const ANONYMOUS_MAX_AGE_S = 60;
/**
 * The cache answers only while this instance has read the change log this recently: a poll that fails
 * (the database blinked) or a stopped index would otherwise leave the key, and withdrawn answers, in place.
 */
export const LOG_FRESH_MS = 1_000;

export class AnonymousCacheKey {
  private nextEmbargoEnd: Date | null | undefined;
  private reading: Promise<void> | undefined;

  constructor(private readonly models: Models, private readonly search: Pick<SearchIndex, 'position' | 'onAdvance' | 'lastPolledAt'>) {
    // An edit may set or move an embargo: read the next end again after every change.
    search.onAdvance(() => {
      this.nextEmbargoEnd = undefined;
    });
  }

  /** Whether the position is known to be current (the last poll of the log is recent). */
  live(now = Date.now()): boolean {
    return now - this.search.lastPolledAt <= LOG_FRESH_MS;
  }

  /** The part of every anonymous cache key that changes with what the public may see. */
  async current(now = new Date()): Promise<string> {
    const position = this.search.position;
    if (this.nextEmbargoEnd === undefined || (this.nextEmbargoEnd && now >= this.nextEmbargoEnd)) await this.readNextEmbargoEnd(now);
    return `${position}:${this.nextEmbargoEnd?.getTime() ?? 'none'}`;
  }

  private readNextEmbargoEnd(now: Date): Promise<void> {
    this.reading ??= this.models.Interview.findOne({ 'release.embargoUntil': { $gt: now } }, 'release.embargoUntil')
      .sort({ 'release.embargoUntil': 1 })
      .lean()
      .then((doc) => {
        this.nextEmbargoEnd = doc?.release?.embargoUntil ?? null;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }
}



const anonymous = (ctx: Context) => !isSignedIn(ctx.actor) && !ctx.sessionToken;

export function anonymousCachePlugins(key: AnonymousCacheKey): ApolloServerPlugin<Context>[] {
  return [
    // Every answer is cacheable for ANONYMOUS_MAX_AGE_S unless a field says otherwise; no Cache-Control
    // header goes out, since a browser or CDN would not see the change log.
    ApolloServerPluginCacheControl({ defaultMaxAge: ANONYMOUS_MAX_AGE_S, calculateHttpHeaders: false }),
    responseCachePlugin<Context>({
      sessionId: async () => null,
      // Asked before shouldReadFromCache: a request the cache will not serve costs no key (no read).
      extraCacheKeyData: async ({ contextValue }) => (anonymous(contextValue) && key.live() ? key.current() : null),
      shouldReadFromCache: async ({ contextValue }) => anonymous(contextValue) && key.live(),
      shouldWriteToCache: async ({ contextValue }) => anonymous(contextValue) && key.live(),
    }),
  ];
}
