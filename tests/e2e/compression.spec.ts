import { expect, test } from '@playwright/test';
import { IDS, PUBLIC_TITLE } from './support/seed-data.js';

const URL = `/en/interviews/${IDS.publicInterview}`;

test('server-rendered pages are compressed for clients that accept it, and plain for the others', async ({ request }) => {
  const br = await request.get(URL, { headers: { 'accept-encoding': 'br' } });
  expect(br.headers()['content-encoding']).toBe('br');
  expect(br.headers()['vary']).toContain('accept-encoding');
  const gzip = await request.get(URL, { headers: { 'accept-encoding': 'gzip;q=1, br;q=0' } });
  expect(gzip.headers()['content-encoding']).toBe('gzip');
  const plain = await request.get(URL, { headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect(plain.headers()['vary']).toContain('accept-encoding');
  const html = await plain.text();
  expect(html).toContain(PUBLIC_TITLE.en);
  expect(html.length).toBeGreaterThan(4096);

  // The same page whichever way it travelled, and a conditional request still gets a 304.
  const etag = br.headers()['etag'];
  expect(etag).toBeTruthy();
  const revalidated = await request.get(URL, { headers: { 'accept-encoding': 'br', 'if-none-match': etag! } });
  expect(revalidated.status()).toBe(304);
  // Playwright decodes what it receives: the compressed answers are the same page.
  expect(await br.text()).toBe(html);
  expect(await gzip.text()).toBe(html);
});

test('pages tell their server time and the API part of it in Server-Timing, and when the page cache answered', async ({ request }) => {
  // Rendered: a session cookie, even one the API does not know, keeps a page out of the page cache.
  const response = await request.get(URL, { headers: { cookie: 'archive_session=not-a-session' } });
  const timing = response.headers()['server-timing'] ?? '';
  const api = Number(/api;dur=([\d.]+)/.exec(timing)?.[1]);
  const render = Number(/render;dur=([\d.]+)/.exec(timing)?.[1]);
  expect(api).toBeGreaterThan(0);
  // Not render >= api: `api` sums the page's API calls, and Me goes out beside the page's query.
  expect(render).toBeGreaterThan(0);
  // Anonymous, once kept: from the page cache (web/src/lib/server/page-cache.ts), without the API.
  let hit = '';
  await expect.poll(async () => (hit = (await request.get(URL)).headers()['server-timing'] ?? ''), { timeout: 15_000 }).toContain('cache;desc=hit');
  expect(hit).not.toContain('api;');
  // Answered by the site's front server (web/server/front.js), before SvelteKit: its own time.
  expect(hit).toMatch(/front;dur=[\d.]+/);
  expect(hit).not.toContain('render;');
});
