import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { inject } from 'vitest';
import type { Role } from '../../server/src/access/levels.js';
import { createApi, type Api } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { connectDatabase, type Database } from '../../server/src/db/connect.js';
import { markSearchChange } from '../../server/src/search/search-index.js';
import { Storage, type StorageSettings } from '../../server/src/storage/storage.js';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestArchive {
  db: Database;
  storage: Storage;
  api: Api;
  url: string;
  /** Runs a GraphQL operation as the holder of `token` (anonymous without one). */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /**
   * After a test wrote a record straight to the database: logs the change as the services' audit
   * does, and lets this instance apply it (the anonymous cache and search follow the log).
   */
  logChange(kind: string, id: string | Types.ObjectId): Promise<void>;
  /** Creates a user directly and signs them in; returns the session token. */
  userWithRoles(roles: Role[], name?: string): Promise<{ id: string; token: string; email: string }>;
  close(): Promise<void>;
}

export interface TestArchiveOptions {
  anonymousCache?: boolean;
  /** A database server or storage of the test's own (the fault drills stop them); the suite's otherwise. */
  mongoUri?: string;
  storage?: StorageSettings;
}

/**
 * A fresh database on the suite's FerretDB, the suite's storage, and an API on a free port.
 * `env`: configuration variables of this API (a small limit, say).
 */
export async function startTestArchive(env: Record<string, string> = {}, options: TestArchiveOptions = {}): Promise<TestArchive> {
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  const config = loadConfig({ NODE_ENV: 'test', SIGN_IN_ATTEMPTS: '5', ...env });
  const db = await connectDatabase(options.mongoUri ?? inject('mongoUri'), dbName, { timeoutMs: config.databaseTimeoutMs });
  const storage = new Storage(options.storage ?? inject('storage'));
  const api = await createApi(config, db, storage, { anonymousCache: options.anonymousCache });
  await new Promise<void>((ok) => api.httpServer.listen(0, '127.0.0.1', ok));
  const address = api.httpServer.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const gql: TestArchive['gql'] = async (query, variables, token) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return res.json() as Promise<GraphQLResponse<any>>;
  };

  let counter = 0;
  const userWithRoles: TestArchive['userWithRoles'] = async (roles, name) => {
    counter += 1;
    const email = `${roles.join('-') || 'user'}-${counter}-${randomBytes(3).toString('hex')}@example.org`;
    const password = 'correct horse battery staple';
    const user = await api.services.users.createDirectly({ email, name: name ?? `${roles.join(' ')} ${counter}`, password, roles });
    const session = await api.services.auth.openSession(user);
    return { id: user._id.toHexString(), token: session.token, email };
  };

  const logChange: TestArchive['logChange'] = async (kind, id) => {
    await markSearchChange(db.models, kind, new Types.ObjectId(String(id)));
    await api.services.search.start();
    await api.services.search.poll();
  };

  return {
    db,
    storage,
    api,
    url,
    gql,
    logChange,
    userWithRoles,
    close: async () => {
      await api.stop();
      await db.conn.dropDatabase();
      await db.close();
      storage.destroy();
    },
  };
}
