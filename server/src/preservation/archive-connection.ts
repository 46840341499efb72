import { loadConfig } from '../config.js';
import { connectDatabase, type Database } from '../db/connect.js';
import { createServices, type Services } from '../services.js';
import { Storage } from '../storage/storage.js';

export interface ArchiveConnection {
  db: Database;
  storage: Storage;
  services: Services;
  siteUrl: string;
  close(): Promise<void>;
}

/** The database name of a MongoDB URI's path, else the one `npm run demo` uses. */
export function databaseNameOf(uri: string): string {
  const path = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]*)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : 'archive';
}

/**
 * The running archive's database and storage, for the command-line tools that work on them
 * directly (export, import of bags): MONGODB_URI and S3_* as the API and worker have them.
 */
export async function connectArchive(env: NodeJS.ProcessEnv): Promise<ArchiveConnection> {
  const config = loadConfig(env);
  if (!config.mongoUri || !config.storage) {
    throw new Error(
      'MONGODB_URI and S3_ENDPOINT (with S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_BUCKET) must point at the archive; ' +
        'with `npm run services` or `npm run demo` running, use the values it prints',
    );
  }
  const db = await connectDatabase(config.mongoUri, databaseNameOf(config.mongoUri));
  const storage = new Storage(config.storage);
  const services = createServices({ models: db.models, config, storage });
  return {
    db,
    storage,
    services,
    siteUrl: config.siteUrl,
    close: async () => {
      storage.destroy();
      await db.close();
    },
  };
}
