import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BenchStack {
  siteUrl: string;
  stop(): Promise<void>;
}

/**
 * The end-to-end stack (tests/e2e/support/stack.ts: FerretDB, s3rver, the API with the invented demo
 * seed, the built site) in a process of its own, so the load generator and Lighthouse in this process
 * never share an event loop with the API they measure.
 */
export async function startBenchStack(
  ports: { site: number; api: number },
  log: (line: string) => void,
  /** Another stack script (bench/read/synthetic-stack.ts: the API and site on an archive already written) and its environment. */
  other: { script: string; env: Record<string, string>; startS?: number } = { script: 'tests/e2e/support/stack.ts', env: {} },
): Promise<BenchStack> {
  const child = spawn(process.execPath, ['node_modules/.bin/tsx', other.script], {
    env: { ...process.env, ...other.env, E2E_SITE_PORT: String(ports.site), E2E_API_PORT: String(ports.api) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A group of its own: tsx runs the script in a child of its own, and the stack's children (the
    // built site among them) once outlived a stop sent to the leader alone.
    detached: true,
  });
  // Its output is kept only to explain a failed start.
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split('\n')) > 200 && output.splice(0, output.length - 200);
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited: number | null | undefined;
  const exit = new Promise<void>((done) => child.once('exit', (code) => ((exited = code), done())));

  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is gone already.
    }
  };
  const stop = async () => {
    if (exited === undefined) {
      group('SIGTERM');
      await Promise.race([exit, sleep(20_000)]);
    }
    // Whatever the stack left behind (or everything, if it did not stop in time).
    group('SIGKILL');
  };

  const siteUrl = `http://127.0.0.1:${ports.site}`;
  const deadline = Date.now() + (other.startS ?? 240) * 1000;
  while (Date.now() < deadline && exited === undefined) {
    // Answered through the site's proxy, so both the site and the API are up.
    const ok = await fetch(`${siteUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) {
      log(`stack up: site ${siteUrl}, API port ${ports.api}`);
      return { siteUrl, stop };
    }
    await sleep(500);
  }
  await stop();
  throw new Error(`the bench stack did not start (exit ${exited ?? 'none, timed out'}):\n${output.join('\n')}`);
}
