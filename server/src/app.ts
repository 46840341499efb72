import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { parse as parseCookies } from 'cookie';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { Config } from './config.js';
import { AnonymousCacheKey, anonymousCachePlugins } from './cache/anonymous-cache.js';
import { RouteCache } from './cache/route-cache.js';
import { viewKeyRoutes } from './cache/view-key.routes.js';
import type { Context } from './context.js';
import type { Database } from './db/connect.js';
import { ArchiveError } from './errors.js';
import { queryCostLimit } from './common/query-cost.js';
import { collectionImageRoutes } from './collections/collection-image.routes.js';
import { exportRoutes } from './exports/export.routes.js';
import { oaiRoutes } from './exports/oai.js';
import { formatError } from './graphql-errors.js';
import { resolveActor, whoOf } from './http/actor.js';
import { readsOf, requestReads } from './http/reads.js';
import { problemHandler } from './http/problem.js';
import { archiveSchema } from './schema.js';
import { createServices, type Services } from './services.js';
import { watchUnsettledSaves } from './audit/unsettled-saves.js';
import type { Storage } from './storage/storage.js';

export interface Api {
  app: express.Express;
  httpServer: Server;
  services: Services;
  stop(): Promise<void>;
}

/** Most tokens a query document may have; graphql's own parser enforces it (see parseOptions below). */
const MAX_TOKENS = 2_000;
/** Largest request body: generous for long transcripts sent as variables, small enough to refuse junk early. */
const MAX_BODY = '1mb';
/**
 * Most operations one request may batch: a page's shared query beside its viewer's own (the site's
 * interview page sends two). Each is limited and costed on its own, so a long batch would multiply them.
 */
const MAX_BATCH = 2;

/** Limits that keep one query from costing the archive a minute: depth, cost, aliases, tokens. */
const armor = new ApolloArmor({
  maxDepth: { n: 12 },
  // The cost limit is ours (common/query-cost.ts): armor's does not weigh list lengths.
  costLimit: { enabled: false },
  maxAliases: { n: 20 },
  maxDirectives: { n: 20 },
  // Armor's token limit re-parses the query in a plugin; any syntax error thrown there becomes an
  // HTTP 500 "GRAPHQL_VALIDATION_FAILED". graphql's parser has the same limit built in and fails
  // with a proper 400 GRAPHQL_PARSE_FAILED, so the limit is set through Apollo's parseOptions instead.
  maxTokens: { enabled: false },
  blockFieldSuggestion: { enabled: true },
});

/** Codes of errors raised before execution, about the request or the query document itself. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** graphql-js hints at names that exist ("Did you mean …?"); armor masks only some forms of it. */
const withoutSuggestions = (message: string) =>
  message.replace(/\s*(?:Did you mean [^?]*|\[Suggestion hidden\])\??/g, '').trim();

/**
 * Errors about the request itself (syntax, unknown fields, depth and alias limits, bad variables) keep
 * their code, message and location, without suggestions; everything from execution goes through the
 * archive's formatError. (Apollo names its validation error class "ValidationError", which formatError
 * would otherwise take for a database validation error.)
 */
function formatApiError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const ours = unwrapResolverError(error) instanceof ArchiveError;
  if (!ours && formatted.path === undefined && typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    return { message: withoutSuggestions(formatted.message), locations: formatted.locations, extensions: { code } };
  }
  return formatError(formatted, error);
}

/** What the body parser refuses (too large, not JSON, unknown charset) as a GraphQL-shaped JSON error. */
function bodyParserErrors(err: unknown, req: Request, res: Response, next: NextFunction) {
  const failure = err as { type?: string; status?: number };
  if (typeof failure?.type !== 'string' || typeof failure.status !== 'number') return next(err);
  const [status, code, message] =
    failure.type === 'entity.too.large'
      ? [413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${MAX_BODY}`]
      : failure.type === 'entity.parse.failed'
        ? [400, 'BAD_REQUEST', 'Request body is not valid JSON']
        : failure.status === 415
          ? [415, 'BAD_REQUEST', 'Unsupported body encoding or charset']
          : [failure.status >= 400 && failure.status < 500 ? failure.status : 400, 'BAD_REQUEST', 'Malformed request body'];
  const type = req.accepts(['application/graphql-response+json', 'application/json']) || 'application/json';
  // Nothing more of the body is read: close the connection rather than drain a huge upload.
  if (status === 413) res.set('connection', 'close');
  res.status(status).type(type).send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** A batch longer than MAX_BATCH is refused whole, before any of it runs. */
function batchLimit(req: Request, res: Response, next: NextFunction) {
  if (!Array.isArray(req.body) || req.body.length <= MAX_BATCH) return next();
  const type = req.accepts(['application/graphql-response+json', 'application/json']) || 'application/json';
  res.status(400).type(type).send(JSON.stringify({ errors: [{ message: `At most ${MAX_BATCH} operations in one request`, extensions: { code: 'BAD_REQUEST' } }] }));
}

/**
 * `anonymousCache`: the cache of what the public sees (GraphQL answers and the export routes), on
 * unless ANONYMOUS_CACHE=off; the option overrides the setting (a bench comparing both). See
 * docs/decisions/read-cache.md.
 */
export async function createApi(config: Config, db: Database, storage: Storage, options: { anonymousCache?: boolean } = {}): Promise<Api> {
  const app = express();
  app.disable('x-powered-by');
  // Behind the site (or a reverse proxy) the client's address arrives in X-Forwarded-For, believed
  // only from the proxies TRUST_PROXY names (the site on the same host by default).
  app.set('trust proxy', config.trustProxy);
  const httpServer = createServer(app);
  const services = createServices({ models: db.models, config, storage });
  const protection = armor.protect();

  const schema = await archiveSchema();
  const cacheKey = (options.anonymousCache ?? config.anonymousCache) ? new AnonymousCacheKey(db.models, services.search, services.audit) : undefined;
  const apollo = new ApolloServer<Context>({
    schema,
    ...protection,
    plugins: [
      ...protection.plugins,
      queryCostLimit(schema, config.graphqlMaxCost),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...(cacheKey ? anonymousCachePlugins(cacheKey) : []),
    ],
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: MAX_TOKENS },
    includeStacktraceInErrorResponses: false,
    formatError: formatApiError,
    introspection: true,
    // One request, one session read, for a page's query and what is its viewer's (web: executeBatch).
    allowBatchedHttpRequests: true,
  });
  await apollo.start();

  app.use((req: Request, _res: Response, next: NextFunction) => {
    (req as Request & { cookies: Record<string, string | undefined> }).cookies = parseCookies(req.headers.cookie ?? '');
    next();
  });

  // Built in the background from the database; a search before it is ready waits for it.
  services.search.start().catch((err: unknown) => console.error('search: building the index failed:', err));
  const unsettled = watchUnsettledSaves(db.models, services.audit);
  app.use(resolveActor(services.auth));
  app.use(requestReads(db.models));

  app.get('/api/health', async (_req, res) => {
    await db.conn.db!.admin().ping();
    res.json({ ok: true });
  });

  app.use(viewKeyRoutes(cacheKey));

  app.use(
    '/graphql',
    express.json({ limit: MAX_BODY }),
    bodyParserErrors,
    batchLimit,
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const { actor, user, sessionToken } = whoOf(res);
        return { actor, user, sessionToken, reads: readsOf(res), services, config, req, res, now: new Date() };
      },
    }),
  );

  const routeCache = new RouteCache(cacheKey);
  app.use(exportRoutes(services.exports, services.classLinks, config, routeCache));
  app.use(collectionImageRoutes(services.collectionImages));
  app.use(oaiRoutes(db.models, config, routeCache));
  app.use(problemHandler);

  return {
    app,
    httpServer,
    services,
    stop: async () => {
      await unsettled.stop();
      await services.search.stop();
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((ok) => httpServer.close(() => ok()));
    },
  };
}
