import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERVIEWS } from '../../fixtures/demo/archive.js';
import { visibleTo } from '../../fixtures/demo/visibility.js';
import { createWorker, loadWorkerSettings } from '../../ingest/src/worker.js';
import { DEMO_USERS, loadDemoArchive } from '../../server/dev/demo-archive.js';
import { loadConfig } from '../../server/src/config.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

/**
 * The demo set-up on empty services, through the real ingest path, and what it must leave behind:
 * every interview playable, transcribed, tagged, with the access rules of the fixtures.
 */
let archive: TestArchive;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  archive = await startTestArchive();
  const worker = createWorker(archive.db, loadConfig({ NODE_ENV: 'test' }), archive.storage, loadWorkerSettings({ WORKER_ID: 'demo-test', WORKER_POLL_MAX_MS: '300' }));
  const running = worker.run();
  stopWorker = async () => {
    await worker.stop();
    await running;
  };
  await loadDemoArchive({ db: archive.db, api: archive.api, storage: archive.storage, apiUrl: archive.url, log: () => {} });
}, 15 * 60_000);
afterAll(async () => {
  await stopWorker?.();
  await archive?.close();
});

const Q = `{ interviews(first: 100) { totalCount nodes { id title { en } languages playbackUrl release { withdrawn } tags { key } transcripts { language segmentCount } indexSegments { title { en } } } } }`;

describe('the demo archive', () => {
  it('loads every interview with a playable recording, a transcript, chapters and tags (as an editor sees it)', async () => {
    const editor = await archive.userWithRoles(['editor' as never]);
    const res = await archive.gql(Q, {}, editor.token);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.interviews.nodes as any[];
    expect(nodes).toHaveLength(INTERVIEWS.length);
    for (const n of nodes) {
      // A withdrawal deletes the access copies (the master stays, as the release requires): nothing plays.
      if (n.release?.withdrawn) expect(n.playbackUrl, n.title.en).toBeNull();
      else expect(n.playbackUrl, n.title.en).toMatch(/\/api\/interviews\/.+\/media$/);
      expect(n.transcripts[0].segmentCount, n.title.en).toBeGreaterThan(3);
      expect(n.tags.length, n.title.en).toBeGreaterThan(0);
      expect(n.indexSegments.length, n.title.en).toBeGreaterThan(0);
    }
  });

  it('shows the public exactly the interviews the fixtures say are public', async () => {
    const res = await archive.gql(Q);
    const expected = INTERVIEWS.filter((i) => visibleTo('public', i)).length;
    expect(res.data!.interviews.totalCount).toBe(expected);
    expect(expected).toBeGreaterThanOrEqual(5);
  });

  it('plays a public recording for an anonymous visitor, straight from storage', async () => {
    const res = await archive.gql(`{ interviews(first: 1) { nodes { id } } }`);
    const id = res.data!.interviews.nodes[0].id;
    const media = await fetch(`${archive.url}/api/interviews/${id}/media`, { redirect: 'manual' });
    expect(media.status).toBe(302);
    const audio = await fetch(media.headers.get('location')!, { headers: { range: 'bytes=0-15' } });
    expect([200, 206]).toContain(audio.status);
  });

  it('lets a visitor, a teacher and a researcher hear a different copy of each interview restricted at both levels', async () => {
    const both = INTERVIEWS.filter((i) => i.accessLevel === 'public' && i.status === 'published').filter((i) => {
      const levels = new Set([...i.segments.map((s) => s.accessLevel), ...i.index.map((c) => c.accessLevel)]);
      return levels.has('education') && levels.has('research');
    });
    expect(both.length).toBeGreaterThanOrEqual(3);
    const teacher = await archive.userWithRoles(['teacher' as never]);
    const researcher = await archive.userWithRoles(['researcher' as never]);
    const ids = (await archive.gql(`{ interviews(first: 100) { nodes { id title { en } } } }`)).data!.interviews.nodes as { id: string; title: { en: string } }[];
    const copyKey = async (id: string, token?: string) => {
      const res = await fetch(`${archive.url}/api/interviews/${id}/media`, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect(res.status).toBe(302);
      return new URL(res.headers.get('location')!).pathname;
    };
    for (const i of both) {
      const id = ids.find((n) => n.title.en === i.title.en)!.id;
      const heard = [await copyKey(id), await copyKey(id, teacher.token), await copyKey(id, researcher.token)];
      expect(new Set(heard).size, i.key).toBe(3);
    }
  });

  it('is indexed and searchable across scripts, with the moment it is said', async () => {
    const res = await archive.gql(`{ search(q: "Alma-Ata", first: 5, filters: { kinds: ["segment"] }) { total hits { kind interviewId start path } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.search.total).toBeGreaterThan(0);
    const segment = res.data!.search.hits.find((h: { kind: string }) => h.kind === 'segment');
    expect(segment.path).toMatch(/^\/interviews\/\w+\?t=\d+$/);
  });

  it('prints logins that work', async () => {
    const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
    const res = await archive.gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { roles } } }`, { e: admin.email, p: admin.password });
    expect(res.data?.signIn.user.roles).toEqual(['admin']);
  });

  it('is idempotent: a second run reuses what is there', async () => {
    const again = await loadDemoArchive({ db: archive.db, api: archive.api, storage: archive.storage, apiUrl: archive.url, log: () => {} });
    expect(again.loaded).toBe(false);
  });
});
