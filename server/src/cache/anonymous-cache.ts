/**
 * The anonymous cache key: what visitors who are not signed in see is the same for all of them, so
 * their GraphQL answers (Apollo's response cache, below) and HTTP exports (route-cache.ts) are kept
 * under a key made of
 *  (a) the change log position this instance has applied, which moves at its next poll (every 500 ms)
 *      after a change made on any instance;
 *  (b) a local count that moves synchronously when this process records a change (audit → log) and
 *      again when the mutation that made it has finished writing, before its answer goes out, so the
 *      instance that made a withdrawal never serves what came before it, not even for a moment;
 *  (c) the next date at which something the public sees changes by the clock alone (an embargo
 *      ending, a class link expiring), so that date moves the key without any edit.
 * Stale entries are never read again and age out of the LRU stores. Signed-in requests never read
 * or write an anonymous answer; the interview page of a signed-in viewer whose view is an audience's
 * (policy.ts, sharedAudienceOf) is kept under that audience's name and the same key (cacheScopeOf). Measured and argued in docs/decisions/read-cache.md.
 */
import { createHash } from 'node:crypto';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { type DocumentNode, Kind, type OperationDefinitionNode, visit } from 'graphql';
import { isSignedIn } from '../access/actor.js';
import { sharedAudienceOf } from '../access/policy.js';
import type { AuditService } from '../audit/audit.service.js';
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

type LogFollower = Pick<SearchIndex, 'position' | 'onAdvance' | 'lastPolledAt' | 'poll'>;

export class AnonymousCacheKey {
  private nextBoundary: Date | null | undefined;
  private reading: Promise<void> | undefined;
  private local = 0;

  constructor(private readonly models: Models, private readonly search: LogFollower, audit?: Pick<AuditService, 'onRecorded'>) {
    // A change seen in the log, or recorded here (it may set or move an embargo or an expiry).
    search.onAdvance(() => this.changed());
    audit?.onRecorded(() => this.changed());
  }

  /** Something the public may see has changed in this process: no answer from before is served again. */
  changed(): void {
    this.local += 1;
    this.nextBoundary = undefined;
  }

  /** How many local changes so far; a mutation compares it before and after itself. */
  get localChanges(): number {
    return this.local;
  }

  /** Whether the position is known to be current (the last poll of the log is recent). */
  live(now = Date.now()): boolean {
    return now - this.search.lastPolledAt <= LOG_FRESH_MS;
  }

  /**
   * Whether the cache may answer now: the log was read within LOG_FRESH_MS, or, when the timer is late
   * (a loaded machine), after reading it now; one lookup, shared by the requests waiting for it, and
   * cheaper than the reads the cache saves. Never before the index follows the log at all.
   */
  async fresh(): Promise<boolean> {
    if (this.live()) return true;
    if (this.search.lastPolledAt === 0) return false;
    await this.search.poll().catch(() => undefined);
    return this.live();
  }

  /** The part of every anonymous cache key that changes with what the public may see. */
  async current(now = new Date()): Promise<string> {
    if (this.nextBoundary === undefined || (this.nextBoundary && now >= this.nextBoundary)) await this.readNextBoundary(now);
    return `${this.search.position}.${this.local}:${this.nextBoundary?.getTime() ?? 'none'}`;
  }

  /**
   * The key as it stands, without reading anything: undefined when the next boundary must be read
   * first (after a change, or once the clock has passed it). Compared at the end of a request to tell
   * an answer that raced a change.
   */
  peek(now = new Date()): string | undefined {
    if (this.nextBoundary === undefined || (this.nextBoundary && now >= this.nextBoundary)) return undefined;
    return `${this.search.position}.${this.local}:${this.nextBoundary?.getTime() ?? 'none'}`;
  }

  /** The earliest future date at which the clock alone changes what the public sees. */
  private readNextBoundary(now: Date): Promise<void> {
    const seen = this.local;
    this.reading ??= Promise.all([
      this.models.Interview.findOne({ 'release.embargoUntil': { $gt: now } }, 'release.embargoUntil').sort({ 'release.embargoUntil': 1 }).lean(),
      this.models.ClassLink.findOne({ expiresAt: { $gt: now }, revokedAt: null }, 'expiresAt').sort({ expiresAt: 1 }).lean(),
    ])
      .then(([interview, link]) => {
        const dates = [interview?.release?.embargoUntil, link?.expiresAt].filter((d): d is Date => d instanceof Date);
        // A change while reading may have set an earlier date: leave it to be read again.
        if (this.local === seen) this.nextBoundary = dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))) : null;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }
}

/**
 * The key as the site sees it (VIEW_KEY_HEADER, GET /api/view-key): a digest, since the key itself
 * names the next embargo's end, which the public must not learn. Equal keys give equal digests.
 */
export function viewKeyOf(key: string): string {
  if (key !== lastKey) lastDigest = createHash('sha256').update(key).digest('base64url').slice(0, 22);
  lastKey = key;
  return lastDigest;
}
let lastKey = '';
let lastDigest = '';

/**
 * Carried by every anonymous GraphQL answer the cache keeps: the (digested) key it was read and
 * kept under. The site files a page it rendered only when every answer carried the key its own
 * lookup used (web/src/lib/server/page-cache.ts), so a render that raced a change is never kept.
 */
export const VIEW_KEY_HEADER = 'x-archive-view-key';

/** A request the anonymous cache may serve: nobody signed in, and no session token (even a stale one). */
export const anonymousRequest = (ctx: Pick<Context, 'actor' | 'sessionToken'>) => !isSignedIn(ctx.actor) && !ctx.sessionToken;

/**
 * Moves the key once more when a mutation that recorded a change has finished: its writes after the
 * audit record (copies removed, related documents) are then all in, and whatever a concurrent read
 * cached meanwhile is under a key no longer current.
 */
function settleMutations(key: AnonymousCacheKey): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const before = key.localChanges;
      return {
        async willSendResponse({ operation }) {
          if (operation?.operation === 'mutation' && key.localChanges !== before) key.changed();
        },
      };
    },
  };
}

/**
 * Names the key on an answer the cache keeps or served: a query without errors, read under a key
 * that is still the current one when it goes out (one that raced a change carries none).
 */
function labelAnswers(key: AnonymousCacheKey, keyed: WeakMap<Context, string>): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, response }) {
          const read = keyed.get(contextValue);
          if (!read || operation?.operation !== 'query' || response.body.kind !== 'single' || response.body.singleResult.errors) return;
          if (key.peek() === read) response.http.headers.set(VIEW_KEY_HEADER, viewKeyOf(read));
        },
      };
    },
  };
}

/**
 * Root fields whose answer to a signed-in viewer depends on nothing but their audience (sharedAudienceOf):
 * an interview's page. Anything else a signed-in query asks (`me`, lessons, requests, search) is never
 * shared, nor is an operation that selects a field that is the viewer's by name anywhere inside.
 */
const AUDIENCE_ROOT_FIELDS = new Set(['interview']);
/** Whose answer differs from one viewer of an audience to another: a withheld part's `asked` (their own requests). */
const PERSONAL_FIELDS = new Set(['asked']);

function onlyAudienceFields(document: DocumentNode | undefined, operation: OperationDefinitionNode | undefined): boolean {
  if (!document || operation?.operation !== 'query') return false;
  if (!operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && AUDIENCE_ROOT_FIELDS.has(s.name.value))) return false;
  let personal = false;
  // The whole document, fragments included: what the operation spreads is what it selects.
  visit(document, { Field: (node) => void (PERSONAL_FIELDS.has(node.name.value) && (personal = true)) });
  return !personal;
}

/**
 * The scope an operation's answer is shared in: 'anonymous'; an audience ('education', 'public') for a
 * signed-in viewer whose view of the operation is that audience's; null when it is nobody's but theirs.
 */
export function cacheScopeOf(
  ctx: Pick<Context, 'actor' | 'sessionToken'>,
  request: { document?: DocumentNode; operation?: OperationDefinitionNode },
): string | null {
  if (anonymousRequest(ctx)) return 'anonymous';
  const audience = sharedAudienceOf(ctx.actor);
  return audience && onlyAudienceFields(request.document, request.operation) ? audience : null;
}

export function anonymousCachePlugins(key: AnonymousCacheKey): ApolloServerPlugin<Context>[] {
  // Decided once per operation (the plugin asks three times), when it first asks for the key; by the
  // operation's request, since a batch's operations share one context.
  const decided = new WeakMap<object, string | null>();
  // The key each served anonymous request was read (and will be kept) under: only those are labelled.
  const keyed = new WeakMap<Context, string>();
  const scopeOf = async ({ contextValue, request, document, operation }: GraphQLRequestContext<Context>) => {
    let scope = decided.get(request);
    if (scope === undefined) {
      scope = cacheScopeOf(contextValue, { document, operation });
      if (scope && !(await key.fresh())) scope = null;
      decided.set(request, scope);
    }
    return scope;
  };
  const serves = async (requestContext: GraphQLRequestContext<Context>) => (await scopeOf(requestContext)) !== null;
  return [
    settleMutations(key),
    labelAnswers(key, keyed),
    // Every answer is cacheable for ANONYMOUS_MAX_AGE_S unless a field says otherwise; no Cache-Control
    // header goes out, since a browser or CDN would not see the change log.
    ApolloServerPluginCacheControl({ defaultMaxAge: ANONYMOUS_MAX_AGE_S, calculateHttpHeaders: false }),
    responseCachePlugin<Context>({
      sessionId: async () => null,
      // Asked before shouldReadFromCache: a request the cache will not serve costs no key (no read).
      extraCacheKeyData: async (requestContext) => {
        const scope = await scopeOf(requestContext);
        if (!scope) return null;
        // The key may need a database read (the next embargo boundary after a change). Should the
        // database be down, the cache steps aside for this request rather than throw here, where Apollo
        // would mask the outage as an internal error: the resolvers meet it and answer UNAVAILABLE.
        const current = await key.current().catch(() => null);
        if (current === null) {
          decided.set(requestContext.request, null);
          return null;
        }
        if (scope === 'anonymous') {
          keyed.set(requestContext.contextValue, current);
          return current;
        }
        // An audience's answers under a name of their own: never an anonymous key (which has no '|').
        return `${scope}|${current}`;
      },
      shouldReadFromCache: serves,
      shouldWriteToCache: serves,
    }),
  ];
}
