/**
 * The whole archive for the browser tests, started by Playwright's webServer: embedded FerretDB and
 * s3rver, the API on E2E_API_PORT, the seed, a worker running the real pipeline (verify, probe,
 * access copies, whisper.cpp on a tiny generated model, index), and the BUILT site (web/build) on
 * E2E_SITE_PORT. Runs under tsx (the API's decorators need it); stops everything on SIGTERM or SIGINT.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Types } from 'mongoose';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServices } from '../../../server/dev/services.js';
import { createApi } from '../../../server/src/app.js';
import { loadConfig } from '../../../server/src/config.js';
import { connectDatabase } from '../../../server/src/db/connect.js';
import { Storage } from '../../../server/src/storage/storage.js';
import { writeTinyModel } from '../../../ingest/src/transcription/tiny-model.js';
import { createWorker, loadWorkerSettings } from '../../../ingest/src/worker.js';
import { seedClassLesson } from './seed-class.js';
import { seedE2e } from './seed.js';
import { seedWaveform } from './seed-waveform.js';
import { seedJourneys } from './seed-journey.js';
import { API_PORT, SITE_PORT, SITE_URL, STACK_INFO } from './seed-data.js';

const log = (line: string) => console.log(`[e2e] ${line}`);

/** What to stop, newest first, whether start-up finished or failed half-way. */
const cleanup: (() => Promise<unknown> | unknown)[] = [];
async function stopAll() {
  for (const step of cleanup.reverse()) await Promise.resolve().then(step).catch(() => {});
}

async function main() {
  if (!existsSync('web/build/index.js')) throw new Error('web/build is missing: run `npm run web:build` first (npm run test:e2e does)');
  const services = await startDevServices({ log, corsOrigins: [SITE_URL] });
  cleanup.push(() => services.stop());
  // Random weights (~8 MB, written in about a second): whisper.cpp really runs, only its text is nonsense.
  const modelDir = await mkdtemp(join(tmpdir(), 'e2e-whisper-'));
  cleanup.push(() => rm(modelDir, { recursive: true, force: true }));
  const { path: whisperModel } = await writeTinyModel(join(modelDir, 'ggml-tiny-random.bin'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_SITE_URL: SITE_URL,
    API_PORT: String(API_PORT),
    SIGN_IN_ATTEMPTS: '100',
    WHISPER_MODEL: whisperModel,
  });
  // A database of its own, so an existing MONGODB_URI is never written into.
  const dbName = `e2e_${randomBytes(4).toString('hex')}`;
  const db = await connectDatabase(services.mongoUri, dbName);
  cleanup.push(() => db.close(), () => db.conn.dropDatabase());
  await writeFile(STACK_INFO, JSON.stringify({ mongoUri: services.mongoUri, dbName, storage: services.storage }));
  cleanup.push(() => rm(STACK_INFO, { force: true }));
  const storage = new Storage(services.storage);
  cleanup.push(() => storage.destroy());
  const api = await createApi(config, db, storage);
  await new Promise<void>((ok, fail) => api.httpServer.once('error', fail).listen(API_PORT, '127.0.0.1', ok));
  cleanup.push(() => api.stop());
  await seedE2e(db.models, api.services, storage);
  await seedWaveform(db.models, storage, new Types.ObjectId());
  await seedClassLesson(db.models, storage, config.sessionSecret);
  await seedJourneys(db.models, api.services, `http://127.0.0.1:${API_PORT}`);
  // The API built its search index at start, before the seeds wrote straight through the models
  // (which logs no change for the index to follow): build it again from what is stored now.
  await api.services.search.start();
  await api.services.search.rebuild();
  log(`API http://127.0.0.1:${API_PORT}/graphql, seeded`);

  // In this process, as the demo runs it; polling often so a journey waits on the work, not the idle timer.
  // No housekeeping sweeps: a test's half-finished upload must stay for its resume.
  const worker = createWorker(db, config, storage, loadWorkerSettings({ WORKER_ID: 'e2e-worker', WORKER_POLL_MAX_MS: '300', JOB_RETRY_BASE_MS: '1000' }));
  const running = worker.run();
  cleanup.push(async () => {
    await worker.stop();
    await running.catch(() => undefined);
  });
  log('worker running');

  const site: ChildProcess = spawn(process.execPath, ['web/build'], {
    env: { ...process.env, PORT: String(SITE_PORT), HOST: '127.0.0.1', ORIGIN: SITE_URL, API_URL: `http://127.0.0.1:${API_PORT}`, STORAGE_ORIGIN: new URL(services.storage.endpoint).origin },
    stdio: 'inherit',
  });
  cleanup.push(() => site.kill('SIGTERM'));
  log(`site ${SITE_URL}`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopAll();
    process.exit(code);
  };
  site.once('exit', (code) => {
    if (!stopping) {
      console.error(`[e2e] the site exited (${code})`);
      void stop(1);
    }
  });
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGINT', () => void stop(0));
}

main().catch(async (err) => {
  console.error('[e2e] could not start the stack:', err);
  await stopAll();
  process.exit(1);
});
