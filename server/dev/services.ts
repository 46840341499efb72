import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { ferretDbBinary } from './ferretdb-binary.js';
import { ferretDbBackend, postgresqlBinDir, type FerretDbBackend } from './postgresql-binaries.js';

const here = dirname(fileURLToPath(import.meta.url));

import type { StorageSettings } from '../src/storage/storage.js';

export type { StorageSettings };

export interface DevServices {
  mongoUri: string;
  storage: StorageSettings;
  /** Which services this module started (the others came from the environment). */
  embedded: { database: boolean; storage: boolean };
  stop(): Promise<void>;
}

export interface DevServicesOptions {
  /** Keep data here between runs (the demo); a temporary folder otherwise (tests). */
  dataDir?: string;
  corsOrigins?: string[];
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

// s3rver accepts any credentials; these only have to be well-formed.
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

async function waitFor(what: string, check: () => Promise<void>, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before it answered`);
    try {
      await check();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`${what} did not answer within ${timeoutMs / 1000} s: ${String(lastError)}`);
}

/** SIGTERM, then SIGKILL after `graceMs` (FerretDB on PostgreSQL gets longer: its cluster checkpoints as it stops). */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      ok();
    });
    child.kill('SIGTERM');
  });
}

/** How long FerretDB on PostgreSQL may take to stop before it is killed (its cluster then dies with it, uncheckpointed). */
export const POSTGRESQL_STOP_GRACE_MS = 30_000;

/** How the launcher runs FerretDB (server/dev/ferretdb/main.go; docs/decisions/ferretdb-settings.md). */
export interface FerretDbSettings {
  /** `sqlite` (the default) or `postgresql`: a private PostgreSQL cluster in `dataDir/postgresql` (server/dev/ferretdb/postgresql.go). */
  backend?: FerretDbBackend;
  /** PostgreSQL settings `name=value` for the private cluster (postgresql backend only). */
  postgresqlSettings?: string[];
  /** Query parameters for FerretDB's SQLite URL, e.g. `_pragma=synchronous(normal)`; FerretDB's defaults when empty. */
  sqliteParams?: string;
  /** The launcher's indexes that FerretDB's lookups can use (on unless false): SQLite id-index.go, PostgreSQL pg-index.go. */
  idIndex?: boolean;
}

/**
 * FerretDB on its SQLite files, or on its private PostgreSQL cluster, in `dataDir`; `port` again to
 * restart it where its clients look (the fault drills). The backend is `settings.backend`, else
 * FERRETDB_BACKEND, else SQLite.
 */
export async function startFerretDb(dataDir: string, log: (line: string) => void, port?: number, settings: FerretDbSettings = {}) {
  const backend = settings.backend ?? ferretDbBackend(process.env);
  const pgBin = backend === 'postgresql' ? postgresqlBinDir(process.env) : '';
  const binary = await ferretDbBinary(log);
  port ??= await freePort();
  const args = ['-listen', `127.0.0.1:${port}`, '-backend', backend, `-id-index=${settings.idIndex !== false}`];
  if (backend === 'postgresql') {
    // As root the cluster runs as `postgres`, which must reach its folder: the data folder gets the
    // search bit for others (mkdtemp makes it private; reading its listing stays as it was).
    if (process.getuid?.() === 0) chmodSync(dataDir, statSync(dataDir).mode | 0o011);
    args.push('-dir', join(dataDir, 'postgresql'), '-postgresql-bin', pgBin);
    for (const setting of settings.postgresqlSettings ?? []) args.push('-postgresql-setting', setting);
  } else {
    args.push('-dir', join(dataDir, 'ferretdb'));
    if (settings.sqliteParams) args.push('-sqlite-params', settings.sqliteParams);
  }
  const child = spawn(binary, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const uri = `mongodb://127.0.0.1:${port}/`;
  await waitFor(
    'FerretDB',
    async () => {
      const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 500 });
      try {
        await client.db('admin').command({ ping: 1 });
      } finally {
        await client.close();
      }
    },
    child,
  );
  return { uri, port, child, backend };
}

/** s3rver on its folder in `dataDir`; `port` again to restart it where its clients look (the fault drills). */
export async function startS3rver(dataDir: string, bucket: string, origins: string[], port = 0) {
  const directory = join(dataDir, 's3');
  mkdirSync(directory, { recursive: true });
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', join(here, 's3rver-process.cjs'), directory, bucket, origins.join(','), String(port)],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const listening = await new Promise<number>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /S3RVER_READY (\d+)/.exec(out);
      if (match) ok(Number(match[1]));
    });
    child.once('exit', (code) => fail(new Error(`s3rver exited with code ${code} before it was ready`)));
    child.once('error', fail);
  });
  const endpoint = `http://127.0.0.1:${listening}`;
  await waitFor('s3rver', async () => {
    const res = await fetch(`${endpoint}/${bucket}?list-type=2&max-keys=1`);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  }, child);
  return { endpoint, port: listening, child };
}

/**
 * Starts what the environment does not provide: FerretDB unless MONGODB_URI is set,
 * s3rver unless S3_ENDPOINT is set. Used by `npm run demo` and by the test suite.
 */
export async function startDevServices(options: DevServicesOptions = {}): Promise<DevServices> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const temporary = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'archive-services-'));
  mkdirSync(dataDir, { recursive: true });
  const bucket = env.S3_BUCKET || 'archive';
  const children: { child: ChildProcess; graceMs?: number }[] = [];

  const stop = async () => {
    await Promise.all(children.map(({ child, graceMs }) => stopChild(child, graceMs)));
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    let mongoUri = env.MONGODB_URI;
    if (!mongoUri) {
      const db = await startFerretDb(dataDir, log, undefined, { backend: ferretDbBackend(env) });
      children.push({ child: db.child, graceMs: db.backend === 'postgresql' ? POSTGRESQL_STOP_GRACE_MS : undefined });
      mongoUri = db.uri;
    }
    let storage: StorageSettings;
    if (env.S3_ENDPOINT) {
      storage = {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION || 'us-east-1',
        bucket,
        accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
      };
    } else {
      const s3 = await startS3rver(dataDir, bucket, options.corsOrigins ?? ['*']);
      children.push({ child: s3.child });
      storage = { endpoint: s3.endpoint, region: 'us-east-1', bucket, ...S3RVER_CREDENTIALS };
    }
    return {
      mongoUri,
      storage,
      embedded: { database: !env.MONGODB_URI, storage: !env.S3_ENDPOINT },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
