import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../tests/e2e/support/chromium.js';

export interface Chromium {
  port: number;
  version: string;
  stop(): Promise<void>;
}

/** Debian's Chromium with a DevTools port for Lighthouse, in a throw-away profile. */
export async function launchChromium(): Promise<Chromium> {
  const version = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' }).trim().split('\n')[0] ?? 'unknown';
  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const child = spawn(CHROMIUM_PATH, [...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not open a DevTools port:\n${seen}`)), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${seen}`)));
  });
  return {
    port,
    version,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([new Promise((done) => child.once('exit', done)), sleep(10_000)]);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
