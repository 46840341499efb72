import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { front, hrefOf, originOf, type OriginSettings } from '../../../web/server/front.js';
import { offerLookup } from '../../../web/server/page-cache-lookup.js';
import type { Answer, Asked } from '../../../web/src/lib/server/page-cache-rules.js';

const none: OriginSettings = { origin: undefined, protocolHeader: '', hostHeader: '', portHeader: '' };
const proxied: OriginSettings = { origin: undefined, protocolHeader: 'x-forwarded-proto', hostHeader: 'x-forwarded-host', portHeader: 'x-forwarded-port' };
const req = (url: string, headers: IncomingMessage['headers']) => ({ url, headers }) as IncomingMessage;

describe('the URL the front names an entry by is the one SvelteKit sees', () => {
  it('tells the origin as adapter-node does without ORIGIN: https and Host, or the proxy’s headers', () => {
    expect(originOf({ host: 'site.example' }, none)).toBe('https://site.example');
    expect(originOf({ host: 'site.example', 'x-forwarded-proto': 'http' }, none)).toBe('https://site.example');
    expect(originOf({ host: 'inner:3000', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'school.example', 'x-forwarded-port': '8080' }, proxied)).toBe('http://school.example:8080');
    expect(originOf({ host: 'inner:3000' }, proxied)).toBe('https://inner:3000');
  });

  it('knows none where adapter-node refuses the request', () => {
    expect(originOf({}, none)).toBeNull();
    expect(originOf({ host: 'a', 'x-forwarded-proto': 'http://evil' }, proxied)).toBeNull();
    expect(originOf({ host: 'a', 'x-forwarded-port': 'eighty' }, proxied)).toBeNull();
    expect(originOf({ host: 'a', 'x-forwarded-host': ['b', 'c'] }, proxied)).toBeNull();
  });

  it('parses origin and target as the Request adapter-node builds (`new Request(base + url)`)', () => {
    for (const url of ['/en/search?q=a b', '/en/../en/interviews/1', '/en/interviews/%D0%B0?t=1#x', '/en//x', '/EN/interviews/1']) {
      const href = hrefOf(req(url, { host: 'site.example' }), none);
      expect(href).toBe(new Request(`https://site.example${url}`).url);
    }
    expect(hrefOf(req('/en', { host: 'inner' }), { ...none, origin: 'http://archive.example' })).toBe('http://archive.example/en');
  });
});

describe('the front server', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('archive.site.page-cache.lookup')];
  });

  /** The front before a handler that answers every request it is given with "handler". */
  async function serve(): Promise<{ url: string; asked: Asked[]; handled: string[] }> {
    const handled: string[] = [];
    server = createServer(
      front((r, res) => {
        handled.push(r.url ?? '');
        res.end('handler');
      }, { ...none, origin: 'http://archive.example' }),
    );
    const port = await new Promise<number>((ok) => server!.listen(0, '127.0.0.1', () => ok((server!.address() as AddressInfo).port)));
    return { url: `http://127.0.0.1:${port}`, asked: [], handled };
  }

  it('writes a hit as the lookup gives it, with front in Server-Timing and the length; asks with the request’s headers', async () => {
    const s = await serve();
    const answer: Answer = {
      status: 200,
      headers: [['content-type', 'text/html'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['server-timing', 'cache;desc=hit']],
      body: new TextEncoder().encode('kept page'),
    };
    offerLookup(async (asked) => (s.asked.push(asked), answer));
    const res = await fetch(`${s.url}/en/x?q=1`, { headers: { cookie: 'archive_lang=en', 'accept-encoding': 'br', 'if-none-match': '"t"' } });
    expect(await res.text()).toBe('kept page');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(res.headers.get('content-length')).toBe('9');
    expect(res.headers.get('server-timing')).toMatch(/^cache;desc=hit, front;dur=[\d.]+$/);
    expect(s.asked).toEqual([{ method: 'GET', href: 'http://archive.example/en/x?q=1', cookie: 'archive_lang=en', acceptEncoding: 'br', ifNoneMatch: '"t"' }]);
    expect(s.handled).toEqual([]);
  });

  it('hands to the handler what the lookup does not answer, what it fails on, and everything before the hooks have loaded', async () => {
    const s = await serve();
    expect(await (await fetch(`${s.url}/before`)).text()).toBe('handler');
    offerLookup(async (asked) => {
      if (asked.href.endsWith('/fails')) throw new Error('lookup failed');
      return null;
    });
    expect(await (await fetch(`${s.url}/miss`)).text()).toBe('handler');
    expect(await (await fetch(`${s.url}/fails`)).text()).toBe('handler');
    expect(await (await fetch(`${s.url}/post`, { method: 'POST', body: 'x' })).text()).toBe('handler');
    expect(s.handled).toEqual(['/before', '/miss', '/fails', '/post']);
  });

  it('writes a 304 with no body', async () => {
    const s = await serve();
    offerLookup(async () => ({ status: 304, headers: [['etag', '"t"']], body: null }));
    const res = await fetch(`${s.url}/en/x`, { headers: { 'if-none-match': '"t"' } });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe('"t"');
    expect(res.headers.get('content-length')).toBeNull();
  });
});
