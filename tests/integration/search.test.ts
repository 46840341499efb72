import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { SearchIndex } from '../../server/src/search/search-index.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview, term } from '../support/factories.js';

let archive: TestArchive;
let open: string;
let restricted: string;
let koreans: string;
let editor: Awaited<ReturnType<TestArchive['userWithRoles']>>;

const SEARCH = `query($q: String!, $filters: SearchFiltersInput) {
  search(q: $q, filters: $filters, first: 50) {
    total
    hits { kind interviewId segmentId start snippet highlights { start end } path }
    facets { name values { value count label { en } } }
  }
}`;

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  koreans = await term(archive, 'ethnic_group', 'koreans', 'Koreans');
  const era = await term(archive, 'era', 'ww2', 'Second World War');
  open = await storedInterview(archive, { title: 'Open', tagIds: [koreans, era] });
  restricted = await storedInterview(archive, { title: 'Closed', accessLevel: 'research', tagIds: [koreans] });
  const segments = (texts: string[]) => texts.map((text, i) => ({ start: i * 5, end: i * 5 + 4, text }));
  await archive.db.models.Transcript.create({
    status: 'approved',
    interviewId: open, language: 'kk',
    segments: segments(['Біз Қазақстан жеріне 1937 жылы келдік.', 'Алматыда ағам тұрды, Алма-Ата ол кезде кішкентай еді.', 'Депортации боялись все соседи.']),
  });
  await archive.db.models.Transcript.create({
    status: 'approved',
    interviewId: restricted, language: 'ru', segments: segments(['Казахстан секретная история закрытая']),
  });
  // Data written straight to the database reaches search through a rebuild, as after a restart.
  await archive.api.services.search.start();
  await archive.api.services.search.rebuild();
});
afterAll(() => archive?.close());

const ids = (res: any) => res.data.search.hits.map((h: { interviewId: string }) => h.interviewId);

describe('search across scripts and spellings', () => {
  it.each(['Қазақстан', 'Qazaqstan', 'Казахстан', 'Kazakhstan'])('%s finds the same moment', async (q) => {
    const res: any = await archive.gql(SEARCH, { q });
    const segment = res.data.search.hits.find((h: { kind: string }) => h.kind === 'segment');
    expect(segment).toMatchObject({ interviewId: open, start: 0, path: `/interviews/${open}?t=0` });
    expect(segment.snippet).toContain('Қазақстан');
    const [h] = segment.highlights;
    expect(segment.snippet.slice(h.start, h.end)).toMatch(/^Қазақстан/);
  });

  it('meets case endings and Russian inflection', async () => {
    const almaty: any = await archive.gql(SEARCH, { q: 'Алматы' });
    expect(almaty.data.search.hits.some((h: { snippet: string }) => h.snippet.includes('Алматыда'))).toBe(true);
    const latin: any = await archive.gql(SEARCH, { q: 'Almaty' });
    expect(latin.data.search.total).toBeGreaterThan(0);
    const deport: any = await archive.gql(SEARCH, { q: 'депортация' });
    expect(deport.data.search.hits[0].snippet).toContain('Депортации');
  });

  it('searches a phrase in quotes', async () => {
    const phrase: any = await archive.gql(SEARCH, { q: '"боялись все соседи"' });
    expect(phrase.data.search.total).toBe(1);
    const wrongOrder: any = await archive.gql(SEARCH, { q: '"соседи все боялись"' });
    expect(wrongOrder.data.search.total).toBe(0);
  });
});

describe('search under the access policy', () => {
  it('hides a restricted interview from the public and teachers in hits, snippets and counts; staff see it', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    for (const token of [undefined, teacher.token]) {
      const res: any = await archive.gql(SEARCH, { q: 'Казахстан' }, token);
      expect(ids(res)).not.toContain(restricted);
      expect(JSON.stringify(res)).not.toContain('секретная');
      const ethnic = res.data.search.facets.find((f: { name: string }) => f.name === 'ethnicGroups');
      expect(ethnic.values.find((v: { value: string }) => v.value === koreans)?.count).toBe(res.data.search.total);
    }
    const staff: any = await archive.gql(SEARCH, { q: 'Казахстан' }, editor.token);
    expect(ids(staff)).toContain(restricted);
  });

  it('counts facets over the filtered hits', async () => {
    const all: any = await archive.gql(SEARCH, { q: 'Алматы' });
    const filtered: any = await archive.gql(SEARCH, { q: 'Алматы', filters: { ethnicGroups: [koreans] } });
    const count = filtered.data.search.facets.find((f: { name: string }) => f.name === 'ethnicGroups').values[0];
    expect(count).toMatchObject({ value: koreans, count: filtered.data.search.total, label: { en: 'Koreans' } });
    const none: any = await archive.gql(SEARCH, { q: 'Алматы', filters: { ethnicGroups: [new Types.ObjectId().toHexString()] } });
    expect(none.data.search.total).toBe(0);
    expect(all.data.search.total).toBeGreaterThan(0);
  });
});

describe('keeping the index fresh', () => {
  it('finds an edited transcript after the change is logged, and a withdrawal hides it at once', async () => {
    const transcript = await archive.db.models.Transcript.findOne({ interviewId: open }).lean();
    const edit = await archive.gql(
      `mutation($input: EditTranscriptInput!) { editTranscript(input: $input) { version } }`,
      { input: { id: transcript!._id.toHexString(), version: transcript!.version, changes: [{ segmentId: transcript!.segments[0]!._id.toHexString(), text: 'Верный деген қала туралы әңгіме' }] } },
      editor.token,
    );
    expect(edit.errors).toBeUndefined();
    // An edit takes the transcript back to unapproved (staff only) until an editor approves it again.
    const approve = await archive.gql(
      `mutation($id: ID!, $version: Int!) { approveTranscript(id: $id, version: $version) { version } }`,
      { id: transcript!._id.toHexString(), version: transcript!.version + 1 },
      editor.token,
    );
    expect(approve.errors).toBeUndefined();
    await archive.api.services.search.poll();
    const res: any = await archive.gql(SEARCH, { q: 'Verny' });
    expect(ids(res)).toContain(open);

    const stored = await archive.db.models.Interview.findById(open).lean();
    await archive.gql(`mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { id } }`, { input: { id: open, version: stored!.version, reason: 'asked' } }, editor.token);
    await archive.api.services.search.poll();
    const after: any = await archive.gql(SEARCH, { q: 'Verny' });
    expect(after.data.search.total).toBe(0);
  });

  it('is rebuilt from the database after a restart', async () => {
    const fresh = new SearchIndex(archive.db.models);
    await fresh.start();
    expect(fresh.size).toBe(archive.api.services.search.size);
    const res = await fresh.query({ roles: [Role.editor], userId: editor.id }, 'Kazakhstan', {});
    await fresh.stop();
    expect(res.hits.some((h) => h.interviewId === restricted)).toBe(true);
    // A stopped index has ended its engine thread: it says so instead of hanging.
    await expect(fresh.query({ roles: [] }, 'Kazakhstan', {})).rejects.toThrow(/stopped/);
  });
});

describe('the index-interview job', () => {
  it('logs the change so the API re-reads the interview', async () => {
    const { createHandlers } = await import('../../ingest/src/jobs/handlers.js');
    const { loadConfig } = await import('../../server/src/config.js');
    const handlers = createHandlers({ models: archive.db.models, config: loadConfig({ NODE_ENV: 'test' }), storage: archive.storage });
    await archive.db.models.Transcript.updateOne({ interviewId: restricted }, { $set: { 'segments.0.text': 'Zhetysu туралы жаңа мәтін' } });
    const outcome = await handlers['index-interview']!({
      job: { id: 'x', type: 'index-interview', attempt: 1, maxAttempts: 1, interviewId: restricted },
      payload: { interviewId: restricted }, reportProgress: () => {}, signal: new AbortController().signal, log: () => {},
    });
    expect(outcome.status).toBe('succeeded');
    await archive.api.services.search.poll();
    const res: any = await archive.gql(SEARCH, { q: 'Жетісу' }, editor.token);
    expect(ids(res)).toContain(restricted);
  });
});

describe('rebuildSearchIndex', () => {
  it('is for admins; it rebuilds from the database', async () => {
    const admin = await archive.userWithRoles([Role.admin]);
    const res = await archive.gql('mutation { rebuildSearchIndex }', {}, admin.token);
    expect(res.data?.rebuildSearchIndex).toBe(archive.api.services.search.size);
    expect((await archive.gql('mutation { rebuildSearchIndex }', {}, editor.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
