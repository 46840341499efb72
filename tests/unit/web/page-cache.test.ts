import { describe, expect, it } from 'vitest';
import { entryName, MAX_ENTRY_BYTES, MAX_URL, mayHoldSession, mayStore, mayUseCache, notModified, pageOfData, replay, type Kept, type PageRequest, type Rendered } from '../../../web/src/lib/server/page-cache-rules.js';
import { FRESH_MS, ViewKeyWatch } from '../../../web/src/lib/server/view-key.js';

const page: PageRequest = { method: 'GET', href: 'http://site/en/interviews/1', localized: true, studio: false, embed: false, sessionCookie: false };

describe('which requests the site’s page cache may answer', () => {
  it('an anonymous GET of a public page or its data, and an embed whatever the cookie', () => {
    expect(mayUseCache(page)).toBe(true);
    expect(mayUseCache({ ...page, href: 'http://site/en/interviews/1/__data.json?x-sveltekit-invalidated=01' })).toBe(true);
    expect(mayUseCache({ ...page, embed: true, sessionCookie: true })).toBe(true);
  });

  it('never a visitor with a session cookie, a studio page, a form post, a bare URL or a very long one', () => {
    expect(mayUseCache({ ...page, sessionCookie: true })).toBe(false);
    expect(mayUseCache({ ...page, studio: true })).toBe(false);
    expect(mayUseCache({ ...page, method: 'POST' })).toBe(false);
    expect(mayUseCache({ ...page, method: 'HEAD' })).toBe(false);
    expect(mayUseCache({ ...page, localized: false })).toBe(false);
    expect(mayUseCache({ ...page, href: `http://site/en/search?q=${'a'.repeat(MAX_URL)}` })).toBe(false);
  });

  it('names an entry by key, encoding and the whole URL (origin and query included)', () => {
    const names = new Set([
      entryName('k1', 'br', 'http://site/en/search?q=a'),
      entryName('k2', 'br', 'http://site/en/search?q=a'),
      entryName('k1', 'gzip', 'http://site/en/search?q=a'),
      entryName('k1', null, 'http://site/en/search?q=a'),
      entryName('k1', 'br', 'http://site/en/search?q=b'),
      entryName('k1', 'br', 'http://other/en/search?q=a'),
    ]);
    expect(names.size).toBe(6);
  });
});

describe('which renders the page cache keeps', () => {
  const languageCookie = (c: string) => c.startsWith('archive_lang=');
  const rendered = (over: Partial<Rendered> = {}, headers: Record<string, string> = {}): Rendered => ({
    status: 200,
    headers: new Headers({ 'content-type': 'text/html; charset=utf-8', ...headers }),
    bytes: 20_000,
    answerKeys: ['K', 'K'],
    ...over,
  });

  it('a 200 page whose every API answer was read under the key of its lookup', () => {
    expect(mayStore('K', rendered(), languageCookie)).toBe(true);
    expect(mayStore('K', rendered({}, { 'content-type': 'application/json' }), languageCookie)).toBe(true);
    const withLanguage = rendered();
    withLanguage.headers.append('set-cookie', 'archive_lang=en; Path=/; Max-Age=34560000; SameSite=Lax');
    expect(mayStore('K', withLanguage, languageCookie)).toBe(true);
  });

  it('not a render that raced a change, met another API instance, got an answer the API does not cache, or read nothing', () => {
    expect(mayStore('K', rendered({ answerKeys: ['K', 'K2'] }), languageCookie)).toBe(false);
    expect(mayStore('K2', rendered({ answerKeys: ['K', 'K'] }), languageCookie)).toBe(false);
    expect(mayStore('K', rendered({ answerKeys: ['K', ''] }), languageCookie)).toBe(false);
    expect(mayStore('K', rendered({ answerKeys: [] }), languageCookie)).toBe(false);
  });

  it('not an error, a redirect, another type, a page that sets a cookie of the visitor’s, a no-store page or a huge one', () => {
    expect(mayStore('K', rendered({ status: 404 }), languageCookie)).toBe(false);
    expect(mayStore('K', rendered({ status: 303 }), languageCookie)).toBe(false);
    expect(mayStore('K', rendered({}, { 'content-type': 'text/csv' }), languageCookie)).toBe(false);
    const session = rendered();
    session.headers.append('set-cookie', 'archive_session=; Path=/; Max-Age=0');
    expect(mayStore('K', session, languageCookie)).toBe(false);
    expect(mayStore('K', rendered({}, { 'cache-control': 'private, no-store' }), languageCookie)).toBe(false);
    expect(mayStore('K', rendered({ bytes: MAX_ENTRY_BYTES + 1 }), languageCookie)).toBe(false);
  });

  it('a page’s data (which SvelteKit always marks no-store) only when its page was kept under the same key', () => {
    const data = { 'content-type': 'application/json', 'cache-control': 'private, no-store' };
    expect(mayStore('K', rendered({ dataOfKeptPage: true }, data), languageCookie)).toBe(true);
    expect(mayStore('K', rendered({ dataOfKeptPage: false }, data), languageCookie)).toBe(false);
    expect(pageOfData('http://site/en/interviews/1/__data.json?x-sveltekit-invalidated=01&t=30')).toBe('http://site/en/interviews/1?t=30');
    expect(pageOfData('http://site/en/__data.json')).toBe('http://site/en');
    expect(pageOfData('http://site/en/interviews/1?t=30')).toBeNull();
  });
});

describe('the view key the site keeps', () => {
  function watch(answers: (string | null)[]) {
    let clock = 1_000_000;
    const reads: number[] = [];
    const w = new ViewKeyWatch(async () => {
      reads.push(clock);
      return answers.shift() ?? null;
    }, () => clock);
    return { w, reads, tick: (ms: number) => (clock += ms) };
  }

  it('is read once for requests arriving together, and trusted for FRESH_MS after that read was sent', async () => {
    const { w, reads, tick } = watch(['K1', 'K2']);
    expect(await Promise.all([w.current(), w.current(), w.current()])).toEqual(['K1', 'K1', 'K1']);
    expect(reads).toHaveLength(1);
    tick(FRESH_MS);
    expect(await w.current()).toBe('K1');
    tick(1);
    // Older than FRESH_MS: read again before serving.
    expect(await w.current()).toBe('K2');
    expect(reads).toHaveLength(2);
    w.stop();
  });

  it('serves a request under a read sent after it arrived, however slow reads are on a loaded machine', async () => {
    let clock = 0;
    let answer = 0;
    const slow = new ViewKeyWatch(async () => {
      clock += 2 * FRESH_MS;
      return `K${++answer}`;
    }, () => clock);
    // The read it waited for was sent when it arrived: it is served, although that read took long.
    expect(await slow.current()).toBe('K1');
    // A request arriving long after: a read of its own.
    clock += 10 * FRESH_MS;
    expect(await slow.current()).toBe('K2');
    slow.stop();
  });

  it('gives no key when the API gives none (cache off, not following the log) or cannot be reached', async () => {
    const { w } = watch([null]);
    expect(await w.current()).toBeNull();
    const failing = new ViewKeyWatch(async () => {
      throw new Error('connection refused');
    });
    expect(await failing.current()).toBeNull();
    w.stop();
    failing.stop();
  });

  it('drops a known key when a later read fails, rather than keep serving under it', async () => {
    const { w, tick } = watch(['K1', null]);
    expect(await w.current()).toBe('K1');
    tick(FRESH_MS + 1);
    expect(await w.current()).toBeNull();
    w.stop();
  });
});

describe('a hit replayed for one visitor', () => {
  const entry: Kept = {
    status: 200,
    headers: [
      ['cache-control', 'private, no-cache'],
      ['content-encoding', 'br'],
      ['content-security-policy', "default-src 'self'; frame-ancestors 'none'"],
      ['content-type', 'text/html'],
      ['etag', '"abc"'],
      ['vary', 'accept-encoding'],
    ],
    body: new Uint8Array([1, 2, 3]),
  };

  it('keeps the rendered headers as they were, and adds the visitor’s language cookie and cache;desc=hit', () => {
    const answer = replay(entry, null, 'archive_lang=en; Max-Age=34560000; Path=/; SameSite=Lax');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(entry.body);
    expect(answer.headers).toEqual([...entry.headers, ['set-cookie', 'archive_lang=en; Max-Age=34560000; Path=/; SameSite=Lax'], ['server-timing', 'cache;desc=hit']]);
    expect(replay(entry, null, null).headers).not.toContainEqual(expect.arrayContaining(['set-cookie']));
  });

  it('answers 304 when If-None-Match is the ETag (W/ ignored), with the validators SvelteKit’s 304 keeps', () => {
    for (const tag of ['"abc"', 'W/"abc"']) {
      const answer = replay(entry, tag, null);
      expect(answer.status).toBe(304);
      expect(answer.body).toBeNull();
      expect(answer.headers).toEqual([['cache-control', 'private, no-cache'], ['etag', '"abc"'], ['vary', 'accept-encoding'], ['server-timing', 'cache;desc=hit']]);
    }
    expect(replay(entry, '"other"', null).status).toBe(200);
    expect(notModified(undefined, '"abc"')).toBe(false);
    expect(notModified('"abc"', null)).toBe(false);
  });

  it('takes any mention of the session cookie’s name for a session, however the header is written', () => {
    expect(mayHoldSession('archive_lang=en; archive_session=x', 'archive_session')).toBe(true);
    expect(mayHoldSession('archive_session =x', 'archive_session')).toBe(true);
    expect(mayHoldSession('archive_lang=en', 'archive_session')).toBe(false);
    expect(mayHoldSession(null, 'archive_session')).toBe(false);
  });
});
