import mongoose, { type Connection } from 'mongoose';
import { DEFAULT_DATABASE_TIMEOUT_MS } from '../config.js';
import { listInterviewParts } from '../interviews/interview-parts.js';
import { learnIdLookups } from './id-lookup.js';
import { createModels, type Models } from './models.js';

export interface Database {
  conn: Connection;
  models: Models;
  close(): Promise<void>;
}

/**
 * Opens a connection of its own (no process-wide mongoose singleton) and builds the indexes,
 * which carry the uniqueness rules: FerretDB and MongoDB both honour full unique indexes. Then lists
 * the parts of interviews written before interviews listed them (interview-parts.ts; a no-op after).
 */
export async function connectDatabase(uri: string, dbName?: string, options: { timeoutMs?: number } = {}): Promise<Database> {
  // While the database is away, a request waits at most this long (choosing a server, or queued by
  // mongoose until the connection is back) and then fails with an error the API reports as UNAVAILABLE.
  const timeoutMs = options.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS;
  const conn = mongoose.createConnection(uri, {
    dbName,
    autoIndex: false,
    serverSelectionTimeoutMS: timeoutMs,
    monitorCommands: true,
    // Read by mongoose's driver layer, though its ConnectOptions type does not list it.
    ...({ bufferTimeoutMS: timeoutMs } as object),
  });
  await conn.asPromise();
  await learnIdLookups(conn);
  const models = createModels(conn);
  for (const model of Object.values(models)) await model.createIndexes();
  await listInterviewParts(models);
  return { conn, models, close: () => conn.close() };
}
