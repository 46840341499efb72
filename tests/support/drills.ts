/**
 * The fault drills' own services (tests/integration/drill-*.test.ts): a FerretDB or an s3rver that a
 * drill stops and starts again on the same port and the same files, so the archive's clients find
 * them where they were. The suite's shared services are never stopped. And the drills' figures.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretDb, startS3rver, stopChild, type StorageSettings } from '../../server/dev/services.js';

export interface StoppableService {
  /** Stops it: SIGKILL as a crash or a pulled cable would, SIGTERM as an operator would. */
  stop(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts it again on the same port and files; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  remove(): Promise<void>;
}

async function stopProcess(child: ChildProcess, signal: 'SIGKILL' | 'SIGTERM') {
  if (signal === 'SIGTERM') return stopChild(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((ok) => child.once('exit', ok));
  child.kill('SIGKILL');
  await exited;
}

function stoppable(dir: string, begin: () => Promise<ChildProcess>, first: ChildProcess): StoppableService {
  let child: ChildProcess | null = first;
  return {
    async stop(signal = 'SIGKILL') {
      if (child) await stopProcess(child, signal);
      child = null;
    },
    async start() {
      if (child) throw new Error('it is running');
      child = await begin();
    },
    async remove() {
      if (child) await stopProcess(child, 'SIGTERM');
      child = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const quiet = () => {};

export async function drillDatabase(): Promise<StoppableService & { uri: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'drill-db-'));
  const first = await startFerretDb(dir, quiet);
  const service = stoppable(dir, async () => (await startFerretDb(dir, quiet, first.port)).child, first.child);
  return { ...service, uri: first.uri };
}

export async function drillStorage(bucket = 'archive'): Promise<StoppableService & { settings: StorageSettings }> {
  const dir = mkdtempSync(join(tmpdir(), 'drill-s3-'));
  const first = await startS3rver(dir, bucket, ['*']);
  const service = stoppable(dir, async () => (await startS3rver(dir, bucket, ['*'], first.port)).child, first.child);
  const settings = { endpoint: first.endpoint, region: 'us-east-1', bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return { ...service, settings };
}

export interface DrillFigures {
  drill: string;
  jobsLost: number;
  filesLost: number;
  editsLost: number;
  /** Seconds from the service's return (or the crash) until the archive works again. Printed, never asserted. */
  secondsToRecover: number;
  notes?: string;
}

/** One line per drill, the same shape for all, for docs/operations.md (grep the run's output for DRILL). */
export function printFigures(f: DrillFigures) {
  const line =
    `DRILL ${f.drill}: jobs lost ${f.jobsLost}, files lost ${f.filesLost}, edits lost ${f.editsLost}, ` +
    `time to recover ${f.secondsToRecover.toFixed(1)} s${f.notes ? ` (${f.notes})` : ''}`;
  console.log(line);
}

/** Milliseconds since `start`, in seconds. */
export const secondsSince = (start: number) => (performance.now() - start) / 1000;

/** A PCM WAV (mono, 16-bit, 16 kHz) of `bytes` bytes of noise: a recording ffprobe reads, with a checksum of its own. */
export function noiseWav(bytes: number): Buffer {
  const dataSize = (bytes - 44) & ~1;
  const b = Buffer.alloc(44 + dataSize);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + dataSize, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(16_000, 24);
  b.writeUInt32LE(32_000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(dataSize, 40);
  randomBytes(dataSize).copy(b, 44);
  return b;
}
