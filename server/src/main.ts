import 'reflect-metadata';
import { startDevServices } from '../dev/services.js';
import { createApi } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase } from './db/connect.js';
import { Storage } from './storage/storage.js';

async function main() {
  const config = loadConfig();
  // Development without MONGODB_URI / S3_ENDPOINT: start the embedded services (production refuses in loadConfig).
  const services =
    !config.mongoUri || !config.storage ? await startDevServices({ dataDir: '.data/dev', corsOrigins: [config.siteUrl] }) : undefined;
  const db = await connectDatabase(config.mongoUri ?? services!.mongoUri, undefined, { timeoutMs: config.databaseTimeoutMs });
  const storage = new Storage(config.storage ?? services!.storage);
  const api = await createApi(config, db, storage);
  await new Promise<void>((ok) => api.httpServer.listen(config.apiPort, ok));
  console.log(`Archive API: http://localhost:${config.apiPort}/graphql`);

  const shutdown = async () => {
    await api.stop();
    await db.close();
    storage.destroy();
    await services?.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
