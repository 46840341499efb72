/**
 * Where a running `npm run demo` keeps its embedded database and storage. Their ports are free ones
 * picked at start, so the demo writes them here while it runs (and removes the file when it stops);
 * `npm run export` and `npm run import-bags` read it when MONGODB_URI / S3_ENDPOINT are unset, and
 * so work on the demo without any variable. Only embedded services are written: storage reached
 * through S3_* (real credentials) never goes into the file.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorageSettings } from '../storage/storage.js';

export const DEMO_SERVICES_FILE = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), '.data', 'demo', 'services.json');

export interface RunningDemo {
  pid: number;
  mongoUri?: string;
  storage?: StorageSettings;
}

export function writeRunningDemo(demo: RunningDemo, file = DEMO_SERVICES_FILE): () => void {
  writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The running demo's services, or null when there is no file or its process is gone (a demo killed hard). */
export function readRunningDemo(file = DEMO_SERVICES_FILE): RunningDemo | null {
  let demo: RunningDemo;
  try {
    demo = JSON.parse(readFileSync(file, 'utf8')) as RunningDemo;
  } catch {
    return null;
  }
  return Number.isInteger(demo.pid) && isAlive(demo.pid) ? demo : null;
}
