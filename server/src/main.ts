/**
 * The API process in production (`npm run start:api`, the Dockerfile and minio.compose.yml): the
 * database and storage come from MONGODB_URI and S3_*. For development `npm run api`
 * (server/dev/api.ts) starts embedded ones first and then calls runApi; nothing here imports server/dev.
 */
import 'reflect-metadata';
import { createApi } from './app.js';
import { type Backing, type Config, loadConfig, requireBacking } from './config.js';
import { connectDatabase } from './db/connect.js';
import { isEntry, runEntry } from './entry.js';
import { Storage } from './storage/storage.js';

/** Serves the API until SIGINT/SIGTERM; `afterStop` releases what the caller started (embedded services). */
export async function runApi(config: Config, backing: Backing, afterStop: () => Promise<void> = async () => {}) {
  const db = await connectDatabase(backing.mongoUri, undefined, { timeoutMs: config.databaseTimeoutMs });
  const storage = new Storage(backing.storage);
  const api = await createApi(config, db, storage);
  await new Promise<void>((ok) => api.httpServer.listen(config.apiPort, ok));
  console.log(`Archive API: http://localhost:${config.apiPort}/graphql`);

  const shutdown = async () => {
    await api.stop();
    await db.close();
    storage.destroy();
    await afterStop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (isEntry(import.meta.url)) {
  runEntry(async () => {
    const config = loadConfig();
    await runApi(config, requireBacking(config));
  });
}
