/**
 * Each record is read once per request (issue 11): the interview page's query, anonymous and as a
 * teacher, fetches the interview once and its media records once, whichever fields ask for them
 * (the page, the playback and waveform URLs, the transcripts); a list counts only when asked. The cache is off here: these are the
 * reads of a request the cache cannot answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { commandsDuring, readTwice } from '../support/commands.js';
import { narrator, storedInterview, storedRecording, term } from '../support/factories.js';

let archive: TestArchive;
let teacher: { token: string };
let editor: { token: string };
let id: string;

beforeAll(async () => {
  archive = await startTestArchive({ ANONYMOUS_CACHE: 'off' });
  teacher = await archive.userWithRoles([Role.teacher]);
  editor = await archive.userWithRoles([Role.editor]);
  const person = await narrator(archive, 'Page Narrator');
  id = await storedInterview(archive, { narratorIds: [person], tagIds: [await term(archive, 'era', 'ww2')] });
  await storedRecording(archive, id, { version: 2, channels: 1, sample_rate: 16000, samples_per_pixel: 1600, bits: 8, length: 1, data: [0, 1] });
  for (const language of ['kk', 'ru']) {
    await archive.db.models.Transcript.create({ status: 'approved', interviewId: id, language, segments: [{ start: 0, end: 1, text: 'сөз' }] });
  }
  // The search index re-reads changed records in the background; stopped, it cannot add to the count.
  await archive.api.services.search.stop();
});
afterAll(() => archive?.close());

/** The interview page's query as the site sends it (web/src/routes/[lang=lang]/(public)/interviews/[id]). */
const PAGE = `query($id: ID!, $transcript: String) {
  interview(id: $id) {
    id playbackUrl playbackKind waveformUrl title { en } durationSeconds languages
    narrators { id displayName { en } ethnicGroups { key } }
    tags { key }
    indexSegments { id start }
    transcripts { id language }
    transcript(language: $transcript) { id language status segments { id start end text } }
  }
}`;

async function commandsOf(query: string, variables: Record<string, unknown>, token?: string) {
  const { seen, byId, queries, result: res } = await commandsDuring(archive, () => archive.gql(query, variables, token));
  expect(res.errors).toBeUndefined();
  return { seen, byId, queries, data: res.data };
}

type Seen = Awaited<ReturnType<typeof commandsOf>>;

async function commandsFor(token?: string): Promise<Seen> {
  const seen = await commandsOf(PAGE, { id, transcript: 'ru' }, token);
  expect(seen.data?.interview.transcript.language).toBe('ru');
  return seen;
}

const count = (seen: string[], command: string) => seen.filter((c) => c === command).length;
const PAGE_RECORDS = ['interviews', 'interview_parts', 'media_assets', 'transcripts', 'narrators', 'vocabulary_terms'];
/** Records of a collection read by `_id` (one lookup each on FerretDB, db/id-lookup.ts). */
const readById = (seen: Seen, collection: string) => seen.byId.filter((k) => k.startsWith(`${collection}:`));

/**
 * The page's records are all read by `_id`, none by another filter (on FerretDB anything else scans the
 * collection: interviews/interview-parts.ts), and none twice.
 */
function expectEachRecordOnceById(seen: Seen, name: string) {
  for (const collection of PAGE_RECORDS) expect(count(seen.queries, `find:${collection}`), `${name}: ${collection} read by a query`).toBe(0);
  expect(readTwice(seen.byId), name).toEqual([]);
}

describe('the interview page reads each record once', () => {
  for (const [who, token] of [['anonymous', () => undefined], ['a teacher', () => teacher.token]] as const) {
    it(`as ${who}: the interview, its list of parts, its media, transcripts, narrators and terms once each, by _id`, async () => {
      const seen = await commandsFor(token());
      expectEachRecordOnceById(seen, 'page');
      expect(readById(seen, 'interviews')).toEqual([`interviews:${id}`]);
      expect(readById(seen, 'interview_parts')).toEqual([`interview_parts:${id}`]);
      // Two transcripts, the copy and the waveform, the narrator, the term.
      expect(readById(seen, 'transcripts')).toHaveLength(2);
      expect(readById(seen, 'media_assets')).toHaveLength(2);
      expect(readById(seen, 'narrators')).toHaveLength(1);
      expect(readById(seen, 'vocabulary_terms')).toHaveLength(1);
    });
  }
});

/**
 * The requests one view of the interview page sends to the API: the page's query (from the site's
 * load), then from the browser the captions track, the waveform's peaks and the player's media.
 */
async function pageView(token?: string): Promise<Record<string, Seen>> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const get = async (path: string) => {
    const res = await fetch(`${archive.url}${path}`, { headers, redirect: 'manual' });
    expect(res.status, path).toBeLessThan(400);
    await res.arrayBuffer();
  };
  const perRequest: Record<string, Seen> = { page: await commandsFor(token) };
  for (const [name, path] of [
    ['captions', `/api/interviews/${id}/transcript.vtt?lang=ru`],
    ['peaks', `/api/interviews/${id}/peaks.json`],
    ['media', `/api/interviews/${id}/media`],
  ] as const) {
    perRequest[name] = { ...(await commandsDuring(archive, () => get(path))), data: null };
  }
  return perRequest;
}

describe('a whole page view reads each record once per request', () => {
  for (const [who, token] of [['anonymous', () => undefined], ['a teacher', () => teacher.token]] as const) {
    it(`as ${who}: the page query, captions, peaks and media read the interview, media, transcripts, narrators and terms at most once each`, async () => {
      const perRequest = await pageView(token());
      for (const [name, seen] of Object.entries(perRequest)) {
        expectEachRecordOnceById(seen, name);
        // Nothing but reads, and nothing read by another kind of command.
        expect(seen.seen.filter((c) => !c.startsWith('find:')), name).toEqual([]);
      }
      // Each route reads the interview it answers for; the page also needs its narrators and terms.
      expect(Object.values(perRequest).map((seen) => count(seen.seen, 'find:interviews'))).toEqual([1, 1, 1, 1]);
    });
  }
});

/**
 * What the site asks of the API for one view of the interview page by a signed-in teacher
 * (hooks.server.ts: Me; the page's load: its query, then the teacher's lessons), and what each
 * request reads to know its viewer: the session and the user by `_id`, no grants when none may be open
 * (tests/integration/session-reads.test.ts), and Me answers from that user.
 */
describe("a signed-in teacher's view of the interview page", () => {
  const ME = `query Me { me { id name roles } }`;
  const LESSONS = `query MyLessons { collections(first: 100, filter: { mine: true, audience: school }) { nodes { id slug status title { kk ru en } updatedAt } } }`;
  it('costs 15 database commands: the session and user once per request, the page’s records once each, the lessons once', async () => {
    const me = await commandsOf(ME, {}, teacher.token);
    const page = (await commandsDuring(archive, () => archive.gql(PAGE, { id, transcript: 'ru' }, teacher.token))).seen;
    const lessons = await commandsOf(LESSONS, {}, teacher.token);
    expect(me.seen).toEqual(['find:sessions', 'find:users']);
    expect(page.slice(0, 2)).toEqual(['find:sessions', 'find:users']);
    expect(lessons.seen).toEqual(['find:sessions', 'find:users', 'find:collections']);
    const all = [...me.seen, ...page, ...lessons.seen];
    expect(count(all, 'find:access_requests')).toBe(0);
    // Me 2, lessons 3; the page 2 + 8: the interview and its list of parts, then its two transcripts,
    // two media records, narrator and term, one `_id` lookup each on FerretDB (db/id-lookup.ts; on
    // MongoDB one query per kind).
    expect(all).toHaveLength(15);
  });
});

describe('a list counts only when asked', () => {
  // countDocuments is an aggregate with $count on the driver; find is the page itself.
  const counts = (seen: string[]) => seen.filter((c) => c === 'aggregate:interviews' || c === 'count:interviews').length;
  it('reads the page without a count when totalCount is not asked for, and counts once when it is', async () => {
    const without = await commandsOf(`{ interviews(first: 5) { nodes { id } } }`, {});
    expect(without.data?.interviews.nodes.map((n: { id: string }) => n.id)).toContain(id);
    expect(counts(without.seen)).toBe(0);
    const withCount = await commandsOf(`{ interviews(first: 5) { totalCount nodes { id } } }`, {});
    expect(withCount.data?.interviews.totalCount).toBe(1);
    expect(counts(withCount.seen)).toBe(1);
  });
});

describe('a write in the request is seen by the reads after it', () => {
  it('a transcript added between two mutations of one request is listed by the second', async () => {
    const other = await storedInterview(archive, {});
    await archive.db.models.Transcript.create({ status: 'approved', interviewId: other, language: 'kk', segments: [{ start: 0, end: 1, text: 'сөз' }] });
    const version = (await archive.db.models.Interview.findById(other).lean())!.version;
    const res = await archive.gql(
      `mutation($id: ID!, $version: Int!, $next: Int!) {
        before: setInterviewStatus(input: { id: $id, status: in_review, version: $version }) { version transcripts { language } }
        added: createTranscript(input: { interviewId: $id, language: "ru", segments: [{ start: 0, end: 1, text: "слово" }] }) { language }
        after: setInterviewStatus(input: { id: $id, status: published, version: $next }) { version status transcripts { language } }
      }`,
      { id: other, version, next: version + 1 },
      editor.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.before.transcripts.map((t: { language: string }) => t.language)).toEqual(['kk']);
    // The second read of the interview's transcripts is not the first one's, kept from before the write.
    expect(res.data?.after.transcripts.map((t: { language: string }) => t.language)).toEqual(['kk', 'ru']);
    expect(res.data?.after).toMatchObject({ version: version + 2, status: 'published' });
  });
});
