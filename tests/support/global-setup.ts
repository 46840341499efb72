import type { TestProject } from 'vitest/node';
import { startDevServices, type StorageSettings } from '../../server/dev/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    storage: StorageSettings;
  }
}

/** One FerretDB and one s3rver for the whole run (or the ones MONGODB_URI / S3_ENDPOINT name). */
export default async function setup(project: TestProject) {
  const services = await startDevServices({ log: (line) => console.log(`[test services] ${line}`) });
  project.provide('mongoUri', services.mongoUri);
  project.provide('storage', services.storage);
  const stop = () => services.stop();
  // Ctrl-C during a run: stop the services before vitest exits.
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  return stop;
}
