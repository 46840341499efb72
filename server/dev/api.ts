// `npm run api`: the production API entry (server/src/main.ts) on the configured database and
// storage, or on embedded ones when MONGODB_URI / S3_ENDPOINT are unset.
import 'reflect-metadata';
import { loadConfig } from '../src/config.js';
import { runEntry } from '../src/entry.js';
import { runApi } from '../src/main.js';
import { embeddedBacking } from './embedded-backing.js';

runEntry(async () => {
  const config = loadConfig();
  const backing = await embeddedBacking(config);
  await runApi(config, backing, backing.stop);
});
