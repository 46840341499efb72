import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import type { TestArchive } from './archive.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything the worker printed, for the failure message of a test. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * A real worker process (`node --import tsx ingest/src/worker.ts`, no npx wrapper, so a signal
 * reaches the worker itself) on the test file's database and the suite's storage, with the
 * test-only job handlers.
 */
export function startWorkerProcess(archive: TestArchive, env: Record<string, string>): WorkerProcess {
  return startArchiveProcess('ingest/src/worker.ts', archive, { ARCHIVE_TEST_HANDLERS: '1', WORKER_POLL_MAX_MS: '200', ...env });
}

/** The variables that point a process at the test file's database and the suite's storage. */
export function archiveEnv(archive: TestArchive): Record<string, string> {
  const uri = new URL(inject('mongoUri'));
  uri.pathname = `/${archive.db.conn.name}`;
  const storage = inject('storage');
  return {
    NODE_ENV: 'test',
    MONGODB_URI: uri.toString(),
    S3_ENDPOINT: storage.endpoint,
    S3_REGION: storage.region,
    S3_BUCKET: storage.bucket,
    S3_ACCESS_KEY_ID: storage.accessKeyId,
    S3_SECRET_ACCESS_KEY: storage.secretAccessKey,
  };
}

/** One of the archive's entry points (`entry`, run by tsx) as a process of its own, on the test file's archive. */
export function startArchiveProcess(entry: string, archive: TestArchive, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { ...process.env, ...archiveEnv(archive), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    child.once('exit', (code, signal) => ok({ code, signal })),
  );
  return { child, output: () => output, exited };
}

export async function waitUntil<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface CrashScenario {
  /** Enqueues the job to crash in and returns its id. */
  enqueue(): Promise<string>;
  /** True once the first worker is far enough into the job (e.g. progress > 0 mid-transcode). */
  midJob(job: JobDoc): boolean;
  /** Runs once worker A is dead and before worker B starts: what the archive shows between the two. */
  afterKill?(): Promise<void>;
  /** Worker lease in ms: short, so the second worker takes over quickly. */
  leaseMs?: number;
  /** Variables for worker A only (the one killed), e.g. slowFfmpeg()'s. */
  firstWorkerEnv?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * The crash test, reusable for any job type: worker A takes the job, is SIGKILLed mid-job, worker B
 * takes it over when A's lease runs out and finishes it. Returns the job as it was at the kill and
 * at the end; the caller asserts what the job type should leave behind.
 */
export async function crashMidJob(archive: TestArchive, scenario: CrashScenario) {
  const Job = archive.db.models.Job;
  const leaseMs = String(scenario.leaseMs ?? 1_500);
  // A worker process starting under tsx on a loaded machine takes many seconds of this.
  const timeoutMs = scenario.timeoutMs ?? 60_000;
  const jobId = await scenario.enqueue();
  const load = () => Job.findById(jobId).lean<JobDoc>();

  const first = startWorkerProcess(archive, { ...scenario.firstWorkerEnv, WORKER_ID: 'worker-a', WORKER_LEASE_MS: leaseMs });
  const atKill = await waitUntil(
    'worker A to be mid-job',
    async () => {
      const job = await load();
      return job?.state === 'running' && job.leaseOwner === 'worker-a' && scenario.midJob(job) ? job : null;
    },
    timeoutMs,
  ).catch((err) => {
    throw new Error(`${(err as Error).message}\nworker A said:\n${first.output()}`);
  });
  const killedAt = performance.now();
  first.child.kill('SIGKILL');
  const killed = await first.exited;
  await scenario.afterKill?.();

  const second = startWorkerProcess(archive, { WORKER_ID: 'worker-b', WORKER_LEASE_MS: leaseMs });
  try {
    const finished = await waitUntil(
      'worker B to finish the job',
      async () => {
        const job = await load();
        return job && job.state !== 'running' && job.state !== 'queued' ? job : null;
      },
      timeoutMs,
    ).catch((err) => {
      throw new Error(`${(err as Error).message}\nworker B said:\n${second.output()}`);
    });
    // From the kill to the job's end: the lease running out, worker B starting and doing the job again.
    const secondsToRecover = (performance.now() - killedAt) / 1000;
    return { atKill, killed, finished, second, secondsToRecover };
  } catch (err) {
    second.child.kill('SIGKILL');
    throw err;
  }
}

/**
 * A PATH under which `ffmpeg` reads its input at `rate` times real time (ffmpeg's own -readrate),
 * for the worker a crash test kills mid-transcode. On an idle machine a two-minute fixture is cut
 * in about a second, less than one progress write, so the kill could never land inside ffmpeg;
 * the field recordings this stands for are hours long and take minutes. ffprobe stays the real one.
 */
export async function slowFfmpeg(rate: number): Promise<Record<string, string>> {
  const real = execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();
  const dir = await mkdtemp(join(tmpdir(), 'slow-ffmpeg-'));
  const wrapper = join(dir, 'ffmpeg');
  // exec: the process stays ffmpeg itself, so the worker's death signal (setpriv) still reaches it.
  await writeFile(wrapper, `#!/bin/sh\nexec '${real}' -readrate ${rate} "$@"\n`);
  await chmod(wrapper, 0o755);
  return { PATH: `${dir}:${process.env.PATH ?? ''}` };
}
