/**
 * The worker process (`npm run start:worker` in production; `npm run worker`, server/dev/worker.ts,
 * starts embedded services first in development): runs durable jobs until SIGINT/SIGTERM. Any number
 * of workers may run against one database; each takes jobs by lease, so a killed worker loses
 * nothing: its job is taken over when the lease runs out. Nothing here imports server/dev.
 */
// Some models share classes with the GraphQL types, whose decorators need the metadata polyfill first.
import 'reflect-metadata';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { type Backing, type Config, ConfigError, loadConfig, requireBacking } from '../../server/src/config.js';
import { isEntry, runEntry } from '../../server/src/entry.js';
import { connectDatabase, type Database } from '../../server/src/db/connect.js';
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import { Storage } from '../../server/src/storage/storage.js';
import { createHandlers } from './jobs/handlers.js';
import { startHousekeeping } from './jobs/housekeeping.js';
import { type JobHandlers, JobRunner } from './jobs/runner.js';
import { type JobType, QUICK_JOBS } from '../../server/src/jobs/job-types.js';

export interface WorkerSettings {
  workerId: string;
  leaseMs: number;
  pollMinMs: number;
  pollMaxMs: number;
  stopGraceMs: number;
  retryBaseMs: number;
  /** ARCHIVE_TEST_HANDLERS=1: also handle the test suite's job types. Never set in production. */
  testHandlers: boolean;
}

/**
 * The worker's own variables (the shared ones, MONGODB_URI and S3_*, come from loadConfig);
 * every invalid one is reported at once, like loadConfig does.
 */
export function loadWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const problems: string[] = [];
  const ms = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${name} must be a whole number of milliseconds from ${min} to ${max}, not "${raw}"`);
    return fallback;
  };
  const settings: WorkerSettings = {
    workerId: env.WORKER_ID || `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    // A minute: long enough to ride out a slow database, short enough that a crashed worker's job waits little.
    leaseMs: ms('WORKER_LEASE_MS', 60_000, 300, 3_600_000),
    pollMinMs: ms('WORKER_POLL_MIN_MS', 200, 10, 60_000),
    pollMaxMs: ms('WORKER_POLL_MAX_MS', 2_000, 10, 600_000),
    stopGraceMs: ms('WORKER_STOP_GRACE_MS', 10_000, 0, 3_600_000),
    retryBaseMs: ms('JOB_RETRY_BASE_MS', 5_000, 1, 3_600_000),
    testHandlers: env.ARCHIVE_TEST_HANDLERS === '1',
  };
  if (settings.testHandlers && env.NODE_ENV === 'production') problems.push('ARCHIVE_TEST_HANDLERS is for the test suite, not production');
  if (problems.length) throw new ConfigError(problems);
  return settings;
}

export interface Worker {
  /** Runs until stop(); resolves when every lane has stopped. */
  run(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A worker on an open database, for this entry point and for running jobs in-process (the demo).
 * Two lanes, each a runner with its own lease loop: the media work (hours of transcription at
 * worst) and the quick jobs (QUICK_JOBS: mail, indexing, sweeps), so a confirmation link or a
 * decision's mail never waits behind a recording on the same worker.
 */
export function createWorker(db: Database, config: Config, storage: Storage, settings: WorkerSettings): Worker {
  const queue = new JobQueue(db.models.Job, { retryBaseMs: settings.retryBaseMs });
  const handlers = createHandlers({ models: db.models, config, storage }, { testHandlers: settings.testHandlers });
  const lane = (quick: boolean) => Object.fromEntries(Object.entries(handlers).filter(([type]) => QUICK_JOBS.includes(type as JobType) === quick)) as JobHandlers;
  const options = { leaseMs: settings.leaseMs, idleMinMs: settings.pollMinMs, idleMaxMs: settings.pollMaxMs, stopGraceMs: settings.stopGraceMs };
  const lanes = [
    new JobRunner(queue, lane(false), { ...options, workerId: settings.workerId }),
    new JobRunner(queue, lane(true), { ...options, workerId: `${settings.workerId}/quick` }),
  ];
  return {
    run: async () => {
      await Promise.all(lanes.map((l) => l.run()));
    },
    stop: async () => {
      await Promise.all(lanes.map((l) => l.stop()));
    },
  };
}

/** Runs jobs until SIGINT/SIGTERM; `afterStop` releases what the caller started (embedded services). */
export async function runWorker(config: Config, settings: WorkerSettings, backing: Backing, afterStop: () => Promise<void> = async () => {}) {
  // To share the API's database, give both the same MONGODB_URI (`npm run services` prints one).
  const db = await connectDatabase(backing.mongoUri, undefined, { timeoutMs: config.databaseTimeoutMs });
  const storage = new Storage(backing.storage);
  const runner = createWorker(db, config, storage, settings);
  const stopHousekeeping = startHousekeeping(db.models, undefined, config.fixity.intervalHours);

  let stopping = false;
  const shutdown = async (signal: string) => {
    // A second Ctrl-C means now: the lease runs out and another worker takes the job.
    if (stopping) process.exit(1);
    stopping = true;
    console.log(JSON.stringify({ level: 'info', message: `${signal}: stopping`, workerId: settings.workerId }));
    stopHousekeeping();
    await runner.stop();
    await db.close();
    storage.destroy();
    await afterStop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await runner.run();
}

if (isEntry(import.meta.url)) {
  runEntry(async () => {
    const config = loadConfig();
    await runWorker(config, loadWorkerSettings(), requireBacking(config));
  });
}
