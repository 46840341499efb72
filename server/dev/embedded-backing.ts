import type { Backing, Config } from '../src/config.js';
import { startDevServices } from './services.js';

/**
 * Development: the database and storage the configuration names, and embedded ones (FerretDB,
 * s3rver, kept in .data/dev) for what it does not. Production refuses to run without both
 * (loadConfig), and its entries never import this.
 */
export async function embeddedBacking(config: Config): Promise<Backing & { stop(): Promise<void> }> {
  if (config.mongoUri && config.storage) return { mongoUri: config.mongoUri, storage: config.storage, stop: async () => {} };
  const services = await startDevServices({ dataDir: '.data/dev', corsOrigins: [config.siteUrl] });
  return { mongoUri: config.mongoUri ?? services.mongoUri, storage: config.storage ?? services.storage, stop: () => services.stop() };
}
