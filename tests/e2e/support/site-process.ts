import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from '@playwright/test';

/**
 * A second built site on a free port, talking to `apiUrl` (a relay in front of the stack's API that a
 * spec holds or watches): for what the shared stack's site cannot show, such as the order of its
 * requests to the API. `env` adds to its environment, or removes a variable given as undefined
 * (ORIGIN, to tell the origin from request headers). The caller kills `child` when done.
 */
export async function startSite(apiUrl: string, env: Record<string, string | undefined> = {}): Promise<{ url: string; child: ChildProcess }> {
  const port = await new Promise<number>((ok) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => ok(port));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const merged: Record<string, string | undefined> = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, API_URL: apiUrl, ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, ['web/build'], { env: merged, stdio: 'ignore' });
  await expect.poll(() => fetch(`${url}/en`).then((r) => r.status, () => 0), { timeout: 20_000 }).toBe(200);
  return { url, child };
}
