/**
 * `npm run demo`: the embedded database and storage, the API, an in-process worker and the site, with
 * the invented demo archive loaded through the real ingest path the first time (`--reset` starts over).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createApi } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/connect.js';
import { Storage } from '../src/storage/storage.js';
import { startHousekeeping } from '../../ingest/src/jobs/housekeeping.js';
import { createWorker, loadWorkerSettings } from '../../ingest/src/worker.js';
import { loadDemoArchive, DEMO_USERS } from './demo-archive.js';
import { repoRoot } from './ferretdb-binary.js';
import { startDevServices } from './services.js';
import { writeRunningDemo } from '../src/preservation/running-demo.js';

const log = (line: string) => console.log(`[demo] ${line}`);

async function main() {
  const reset = process.argv.includes('--reset');
  const config = loadConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' });
  const dataDir = join(repoRoot, '.data', 'demo');
  if (reset) {
    log('--reset: removing the demo database and storage');
    rmSync(dataDir, { recursive: true, force: true });
  }
  const started = Date.now();
  const services = await startDevServices({ dataDir, corsOrigins: [config.siteUrl], log });
  const db = await connectDatabase(config.mongoUri ?? services.mongoUri, 'archive');
  const storage = new Storage(config.storage ?? services.storage);
  // For `npm run export` / `import-bags` in another terminal: where the embedded services listen.
  const forgetDemo = writeRunningDemo({
    pid: process.pid,
    ...(services.embedded.database ? { mongoUri: `${services.mongoUri.replace(/\/$/, '')}/archive` } : {}),
    ...(services.embedded.storage ? { storage: services.storage } : {}),
  });
  const api = await createApi(config, db, storage);
  await new Promise<void>((ok, fail) => {
    api.httpServer.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? new Error(`port ${config.apiPort} is in use; set API_PORT to another port`) : err),
    );
    api.httpServer.listen(config.apiPort, ok);
  });
  const apiUrl = `http://localhost:${config.apiPort}`;
  const worker = createWorker(db, config, storage, loadWorkerSettings({ ...process.env, WORKER_ID: 'demo-worker' }));
  const running = worker.run();
  const stopHousekeeping = startHousekeeping(db.models, undefined, config.fixity.intervalHours);

  let site: ChildProcess | undefined;
  const stop = async () => {
    log('stopping');
    site?.kill('SIGTERM');
    stopHousekeeping();
    await worker.stop();
    await running.catch(() => undefined);
    await api.stop();
    await db.close();
    storage.destroy();
    await services.stop();
    forgetDemo();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  await loadDemoArchive({ db, apiUrl, storage, api, log });
  site = await startSite(config.siteUrl, apiUrl, new URL(config.storage?.endpoint ?? services.storage.endpoint).origin);

  log(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`
  Site:     ${config.siteUrl}
  GraphQL:  ${apiUrl}/graphql
  Sign in (invented demo accounts):
${DEMO_USERS.map((u) => `    ${u.role.padEnd(10)} ${u.email.padEnd(28)} ${u.password}`).join('\n')}
  Ctrl-C stops everything.`);
}

/** The built site (adapter-node); built first when it is missing. */
async function startSite(siteUrl: string, apiUrl: string, storageOrigin: string): Promise<ChildProcess | undefined> {
  const entry = join(repoRoot, 'web', 'build', 'index.js');
  if (!existsSync(join(repoRoot, 'web', 'svelte.config.js'))) {
    log('the site (web/) is not part of this checkout yet; the API is running');
    return undefined;
  }
  if (!existsSync(entry)) {
    log('building the site once (npm run web:build)...');
    await new Promise<void>((ok, fail) => {
      const build = spawn('npm', ['run', 'web:build'], { cwd: repoRoot, stdio: 'inherit' });
      build.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`the site build failed (exit ${code})`))));
    });
  }
  const port = new URL(siteUrl).port || '3000';
  const child = spawn(process.execPath, [entry], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    // The studio uploads straight to storage: its pages' CSP must allow that origin.
    env: { ...process.env, PORT: port, API_URL: apiUrl, ORIGIN: siteUrl, STORAGE_ORIGIN: storageOrigin },
  });
  await waitForHttp(siteUrl, 30_000);
  return child;
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the site did not answer at ${url} within ${timeoutMs / 1000} s`);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
