/**
 * The API (anonymous cache on, as deployed) and the built site on an archive already written (the
 * synthetic one: bench/read/synthetic-records.ts), in a process of its own, as the e2e stack runs
 * them for the demo part. Started by bench/site/stack.ts with SYNTHETIC_STACK (JSON: database,
 * storage, the file to write what the search index build read and took). Stops on SIGTERM.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createApi } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { connectDatabase } from '../../server/src/db/connect.js';
import { Storage, type StorageSettings } from '../../server/src/storage/storage.js';

interface Settings { mongoUri: string; dbName: string; storage: StorageSettings; infoFile: string }

async function main() {
  const settings = JSON.parse(process.env.SYNTHETIC_STACK ?? '') as Settings;
  const sitePort = Number(process.env.E2E_SITE_PORT);
  const apiPort = Number(process.env.E2E_API_PORT);
  const siteUrl = `http://127.0.0.1:${sitePort}`;
  const db = await connectDatabase(settings.mongoUri, settings.dbName);
  const api = await createApi(loadConfig({ NODE_ENV: 'test', PUBLIC_SITE_URL: siteUrl, API_PORT: String(apiPort) }), db, new Storage(settings.storage));
  // The index first, timed: the site's search page and the cache (keyed by the index's position) need it.
  const started = Date.now();
  await api.services.search.start();
  writeFileSync(settings.infoFile, JSON.stringify({ searchBuildMs: Date.now() - started, searchBuild: api.services.search.lastBuild, indexedDocuments: api.services.search.size }));
  await new Promise<void>((ok, fail) => api.httpServer.once('error', fail).listen(apiPort, '127.0.0.1', ok));
  const site = spawn(process.execPath, ['web/build'], {
    env: { ...process.env, PORT: String(sitePort), HOST: '127.0.0.1', ORIGIN: siteUrl, API_URL: `http://127.0.0.1:${apiPort}`, STORAGE_ORIGIN: new URL(settings.storage.endpoint).origin },
    stdio: 'inherit',
  });
  const siteExit = new Promise<void>((done) => site.once('exit', () => done()));
  const stop = async () => {
    // The site first, waited for: left running, it would hold its port past this process.
    site.kill('SIGTERM');
    const forced = setTimeout(() => site.kill('SIGKILL'), 10_000);
    await siteExit;
    clearTimeout(forced);
    await api.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  site.once('exit', () => void stop());
}

main().catch((err) => {
  console.error('[synthetic stack] could not start:', err);
  process.exit(1);
});
