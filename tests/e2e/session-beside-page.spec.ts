import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startSite } from './support/site-process.js';
import { API_PORT, FLAGSHIP_TITLE, IDS, PUBLIC_TITLE, SLUGS, TEACHER } from './support/seed-data.js';

/**
 * A signed-in visitor's public page sends its own query beside the site's `Me` query, not after it
 * (issue 11: a class waits one round trip less). The built site runs here a second time, its API
 * address pointing at a relay in front of the stack's API; the relay holds back Me's answer until
 * the page's query has arrived. A site that waited for Me would send that query only after Me was
 * answered, which the relay does only then (or, failing that, after its safety wait). The interview
 * page goes further: its query and its viewer's (me, lessons) are one request, and there is no Me.
 */

interface Seen {
  pageQueryWhileMeHeld: boolean | null;
  meAsked: boolean;
  /** Each GraphQL request's body, as the API got it. */
  bodies: string[];
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
      // The API's GraphQL requests only (not the site's health checks, which have no body).
      if (req.method === 'POST' && req.url?.startsWith('/graphql')) seen.bodies.push(text);
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
      if (/query (InterviewPage|CollectionPage)\b/.test(text)) {
        seen.pageQueryWhileMeHeld = meHeld;
        releaseMe?.();
      }
      forward();
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function teacherToken(): Promise<string> {
  const signIn = await fetch(`http://127.0.0.1:${API_PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }', variables: { e: TEACHER.email, p: TEACHER.password } }),
  });
  return ((await signIn.json()) as { data: { signIn: { token: string } } }).data.signIn.token;
}

async function throughRelay(path: string, check: (seen: Seen, html: string) => void) {
  const seen: Seen = { pageQueryWhileMeHeld: null, meAsked: false, bodies: [] };
  const api = await relay(seen);
  const site = await startSite(`http://127.0.0.1:${(api.address() as AddressInfo).port}`);
  try {
    const token = await teacherToken();
    // What the site asked while it started (its warm-up) is not this page's.
    seen.bodies.length = 0;
    const page = await fetch(`${site.url}${path}`, { headers: { cookie: `archive_session=${token}` } });
    expect(page.status).toBe(200);
    check(seen, await page.text());
  } finally {
    site.child.kill('SIGTERM');
    api.close();
  }
}

test('a signed-in public page sends its query without waiting for Me, and still knows who is signed in', async () => {
  await throughRelay(`/en/collections/${SLUGS.flagship}`, (seen, html) => {
    expect(html).toContain(FLAGSHIP_TITLE.en);
    // The layout still has the user (the header's sign-out form is there only for a signed-in visitor).
    expect(html).toContain(TEACHER.name);
    expect(seen.meAsked).toBe(true);
    expect(seen.pageQueryWhileMeHeld).toBe(true);
  });
});

test("a signed-in teacher's interview page is one API request: its query and who is signed in, batched, and no Me", async () => {
  await throughRelay(`/en/interviews/${IDS.publicInterview}`, (seen, html) => {
    expect(html).toContain(PUBLIC_TITLE.en);
    expect(html).toContain(TEACHER.name);
    expect(seen.meAsked).toBe(false);
    // Nothing withheld on this interview, so no `asked` query: one request, the batch of two.
    expect(seen.bodies).toHaveLength(1);
    const batch = JSON.parse(seen.bodies[0] ?? '[]') as { query: string }[];
    expect(batch.map((op) => /query (\w+)/.exec(op.query)?.[1])).toEqual(['InterviewPage', 'InterviewPageViewer']);
  });
});
