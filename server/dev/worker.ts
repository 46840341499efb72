// `npm run worker`: the production worker entry (ingest/src/worker.ts) on the configured database and
// storage, or on embedded ones when MONGODB_URI / S3_ENDPOINT are unset. To share the API's embedded
// database, run `npm run services` and give both its variables.
import 'reflect-metadata';
import { loadConfig } from '../src/config.js';
import { runEntry } from '../src/entry.js';
import { loadWorkerSettings, runWorker } from '../../ingest/src/worker.js';
import { embeddedBacking } from './embedded-backing.js';

runEntry(async () => {
  const config = loadConfig();
  const settings = loadWorkerSettings();
  const backing = await embeddedBacking(config);
  await runWorker(config, settings, backing, backing.stop);
});
