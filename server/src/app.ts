import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { parse as parseCookies } from 'cookie';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createServer, type Server } from 'node:http';
import type { Config } from './config.js';
import { type Context, sessionTokenOf } from './context.js';
import { createLoaders } from './db/loaders.js';
import type { Database } from './db/connect.js';
import { formatError } from './graphql-errors.js';
import { archiveSchema } from './schema.js';
import { createServices, type Services } from './services.js';
import type { Storage } from './storage/storage.js';

export interface Api {
  app: express.Express;
  httpServer: Server;
  services: Services;
  stop(): Promise<void>;
}

/** Limits that keep one query from costing the archive a minute: depth, cost, aliases, tokens. */
const armor = new ApolloArmor({
  maxDepth: { n: 12 },
  costLimit: { maxCost: 20_000 },
  maxAliases: { n: 20 },
  maxDirectives: { n: 20 },
  maxTokens: { n: 2_000 },
  blockFieldSuggestion: { enabled: true },
});

export async function createApi(config: Config, db: Database, storage: Storage): Promise<Api> {
  const app = express();
  app.disable('x-powered-by');
  // Behind the site (or a reverse proxy) the client's address arrives in X-Forwarded-For.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  const httpServer = createServer(app);
  const services = createServices({ models: db.models, config, storage });
  const protection = armor.protect();

  const apollo = new ApolloServer<Context>({
    schema: await archiveSchema(),
    ...protection,
    plugins: [...protection.plugins, ApolloServerPluginDrainHttpServer({ httpServer })],
    validationRules: protection.validationRules,
    includeStacktraceInErrorResponses: false,
    formatError,
    introspection: true,
  });
  await apollo.start();

  app.use((req: Request, _res: Response, next: NextFunction) => {
    (req as Request & { cookies: Record<string, string | undefined> }).cookies = parseCookies(req.headers.cookie ?? '');
    next();
  });

  app.get('/api/health', async (_req, res) => {
    await db.conn.db!.admin().ping();
    res.json({ ok: true });
  });

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const sessionToken = sessionTokenOf(req);
        const { actor, user } = await services.auth.actorForToken(sessionToken);
        return { actor, user, sessionToken, loaders: createLoaders(db.models), services, config, req, res, now: new Date() };
      },
    }),
  );

  return {
    app,
    httpServer,
    services,
    stop: async () => {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((ok) => httpServer.close(() => ok()));
    },
  };
}
