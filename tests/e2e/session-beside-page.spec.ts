import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startSite } from './support/site-process.js';
import { API_PORT, IDS, PUBLIC_TITLE, TEACHER } from './support/seed-data.js';

/**
 * A signed-in visitor's public page sends its own query beside the site's `Me` query, not after it
 * (issue 11: a class waits one round trip less). The built site runs here a second time, its API
 * address pointing at a relay in front of the stack's API; the relay holds back Me's answer until
 * the interview page's query has arrived. A site that waited for Me would send that query only
 * after Me was answered, which the relay does only then (or, failing that, after its safety wait).
 */

interface Seen {
  pageQueryWhileMeHeld: boolean | null;
  meAsked: boolean;
}

function relay(seen: Seen): Promise<Server> {
  let releaseMe: (() => void) | undefined;
  let meHeld = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString();
      const forward = () => {
        const out = request({ host: '127.0.0.1', port: API_PORT, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.end(body);
      };
      if (/query Me\b/.test(text)) {
        seen.meAsked = true;
        meHeld = true;
        // The safety wait only keeps a site that does wait for Me from hanging; it decides nothing.
        const safety = setTimeout(() => releaseMe?.(), 10_000);
        releaseMe = () => {
          clearTimeout(safety);
          releaseMe = undefined;
          meHeld = false;
          forward();
        };
        return;
      }
      if (/query InterviewPage\b/.test(text)) {
        seen.pageQueryWhileMeHeld = meHeld;
        releaseMe?.();
      }
      forward();
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

test('a signed-in public page sends its query without waiting for Me, and still knows who is signed in', async () => {
  const seen: Seen = { pageQueryWhileMeHeld: null, meAsked: false };
  const api = await relay(seen);
  const site = await startSite(`http://127.0.0.1:${(api.address() as AddressInfo).port}`);
  try {
    const signIn = await fetch(`http://127.0.0.1:${API_PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }', variables: { e: TEACHER.email, p: TEACHER.password } }),
    });
    const token = ((await signIn.json()) as { data: { signIn: { token: string } } }).data.signIn.token;
    const page = await fetch(`${site.url}/en/interviews/${IDS.publicInterview}`, { headers: { cookie: `archive_session=${token}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(PUBLIC_TITLE.en);
    // The layout still has the user (the header's sign-out form is there only for a signed-in visitor).
    expect(html).toContain(TEACHER.name);
    expect(seen.meAsked).toBe(true);
    expect(seen.pageQueryWhileMeHeld).toBe(true);
  } finally {
    site.child.kill('SIGTERM');
    api.close();
  }
});
