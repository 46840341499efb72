/**
 * `memory`: does the demo fit a 2 GB machine? `npm run demo -- --reset` (API and worker in one
 * process, as the demo runs them) loads the demo archive through the real ingest path (uploads,
 * verification, access copies), then takes 20 s of browsing (20 connections on the public GraphQL
 * list and search; --quick: 5 s). Reports the process's peak resident memory (the kernel's VmHWM:
 * the highest it ever was, loading included) against the bound; ffmpeg's children and the site
 * process are not counted. Measured, never asserted.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from '../server/dev/services.js';

export const section = 'memory';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BOUND_MIB = 2048;

/** VmHWM (peak) and VmRSS (now) of a process, in MiB. */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peakMiB: Math.round(kib('VmHWM') / 1024), nowMiB: Math.round(kib('VmRSS') / 1024) };
}

export async function run({ quick }: { quick: boolean }) {
  const [apiPort, sitePort] = [await freePort(), await freePort()];
  const started = Date.now();
  const demo = spawn(process.execPath, ['--import', 'tsx', 'server/dev/demo.ts', '--reset'], {
    cwd: root,
    env: { ...process.env, API_PORT: String(apiPort), PUBLIC_SITE_URL: `http://localhost:${sitePort}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  demo.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  try {
    await new Promise<void>((ok, fail) => {
      demo.stdout!.on('data', (c: Buffer) => {
        output += c.toString();
        if (/ready in \d+ s/.test(output)) ok();
      });
      demo.once('exit', (code) => fail(new Error(`the demo exited (${code}) before it was ready:\n${output.slice(-3000)}`)));
    });
    const loaded = memoryOf(demo.pid!);
    const loadSeconds = Math.round((Date.now() - started) / 1000);
    const body = (query: string) => JSON.stringify({ query });
    const load = await autocannon({
      url: `http://127.0.0.1:${apiPort}/graphql`,
      connections: 20,
      duration: quick ? 5 : 20,
      timeout: 60,
      requests: [
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: body('{ interviews(first: 20) { nodes { id title { kk ru en } summary { en } } } }') },
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: body('{ search(q: "Алматы", first: 20) { total } }') },
      ],
    });
    const after = memoryOf(demo.pid!);
    const result = {
      boundMiB: BOUND_MIB,
      peakRssMiB: after.peakMiB,
      rssAfterLoadingMiB: loaded.nowMiB,
      rssAfterBrowsingMiB: after.nowMiB,
      withinBound: after.peakMiB < BOUND_MIB,
      demoLoadSeconds: loadSeconds,
      browsing: { requests: load.requests.total, requestsPerS: Math.round(load.requests.average), errors: load.errors, non2xx: load.non2xx },
    };
    console.table([{ 'peak RSS MiB': result.peakRssMiB, 'after loading': result.rssAfterLoadingMiB, 'after browsing': result.rssAfterBrowsingMiB, bound: BOUND_MIB }]);
    return result;
  } finally {
    demo.kill('SIGTERM');
    await new Promise((ok) => (demo.exitCode !== null ? ok(null) : demo.once('exit', ok)));
  }
}
