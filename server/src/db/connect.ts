import mongoose, { type Connection } from 'mongoose';
import { createModels, type Models } from './models.js';

export interface Database {
  conn: Connection;
  models: Models;
  close(): Promise<void>;
}

/**
 * Opens a connection of its own (no process-wide mongoose singleton) and builds the indexes,
 * which carry the uniqueness rules: FerretDB and MongoDB both honour full unique indexes.
 */
export async function connectDatabase(uri: string, dbName?: string): Promise<Database> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    autoIndex: false,
    serverSelectionTimeoutMS: 10_000,
    monitorCommands: true,
  });
  await conn.asPromise();
  const models = createModels(conn);
  for (const model of Object.values(models)) await model.createIndexes();
  return { conn, models, close: () => conn.close() };
}
