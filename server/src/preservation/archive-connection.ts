import { loadConfig } from '../config.js';
import { connectDatabase, type Database } from '../db/connect.js';
import { createServices, type Services } from '../services.js';
import { Storage } from '../storage/storage.js';
import { DEMO_SERVICES_FILE, readRunningDemo } from './running-demo.js';

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
 * directly (export, import of bags): MONGODB_URI and S3_* as the API and worker have them; what
 * they leave unset is taken from a running `npm run demo` (running-demo.ts).
 */
export async function connectArchive(env: NodeJS.ProcessEnv, demoFile = DEMO_SERVICES_FILE): Promise<ArchiveConnection & { from: 'environment' | 'demo' }> {
  const config = loadConfig(env);
  const demo = !config.mongoUri || !config.storage ? readRunningDemo(demoFile) : null;
  const mongoUri = config.mongoUri ?? demo?.mongoUri;
  const storageSettings = config.storage ?? demo?.storage;
  if (!mongoUri || !storageSettings) {
    throw new Error(
      'No archive to work on: start `npm run demo` (found through ' + demoFile + ' while it runs), or set MONGODB_URI and ' +
        'S3_ENDPOINT (with S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_BUCKET) to the archive; `npm run services` prints them',
    );
  }
  const db = await connectDatabase(mongoUri, databaseNameOf(mongoUri));
  const storage = new Storage(storageSettings);
  const services = createServices({ models: db.models, config, storage });
  return {
    from: demo ? 'demo' : 'environment',
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
