/** The API's search index with its engine in a worker thread: a thread that dies is replaced and rebuilt from the database. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let open: string;
let restricted: string;
let editor: Awaited<ReturnType<TestArchive['userWithRoles']>>;

const SEARCH = `query($q: String!) { search(q: $q, first: 50) { total hits { interviewId snippet } facets { name values { value count } } } }`;
const ids = (res: any): string[] => res.data.search.hits.map((h: { interviewId: string }) => h.interviewId);

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  open = await storedInterview(archive, { title: 'Open' });
  restricted = await storedInterview(archive, { title: 'Closed', accessLevel: 'research' });
  await archive.db.models.Transcript.create({ status: 'approved', interviewId: open, language: 'kk', segments: [{ start: 0, end: 4, text: 'Біз Қазақстан жеріне келдік.' }] });
  await archive.db.models.Transcript.create({ status: 'approved', interviewId: restricted, language: 'ru', segments: [{ start: 0, end: 4, text: 'Казахстан секретная история' }] });
  await archive.api.services.search.start();
  await archive.api.services.search.rebuild();
});
afterAll(() => archive?.close());

describe('the engine thread under the API', () => {
  it('is replaced and rebuilt after it dies, the failure reported; restricted text stays hidden; edits still arrive', async () => {
    const index = archive.api.services.search;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const dead = index.host;
    await dead.worker.terminate();
    await vi.waitFor(() => expect(index.restarts).toBe(1));
    expect(index.lastFailure?.message).toMatch(/exited/);
    expect(errors.mock.calls.some((c) => String(c[0]).includes('restarting and rebuilding'))).toBe(true);
    errors.mockRestore();
    expect(index.host).not.toBe(dead);

    // A search during the rebuild waits for it, and the new thread applies the same policy.
    const anonymous: any = await archive.gql(SEARCH, { q: 'Kazakhstan' });
    expect(anonymous.errors).toBeUndefined();
    expect(ids(anonymous)).toEqual([open]);
    expect(JSON.stringify(anonymous)).not.toContain('секретная');
    const staff: any = await archive.gql(SEARCH, { q: 'Kazakhstan' }, editor.token);
    expect(ids(staff).sort()).toEqual([open, restricted].sort());

    const transcript = await archive.db.models.Transcript.findOne({ interviewId: open }).lean();
    const edit = await archive.gql(
      `mutation($input: EditTranscriptInput!) { editTranscript(input: $input) { version } }`,
      { input: { id: transcript!._id.toHexString(), version: transcript!.version, changes: [{ segmentId: transcript!.segments[0]!._id.toHexString(), text: 'Верный деген қала туралы' }] } },
      editor.token,
    );
    expect(edit.errors).toBeUndefined();
    // The edit takes it back to unapproved (staff only) until an editor approves it again.
    const approve = await archive.gql(
      `mutation($id: ID!, $version: Int!) { approveTranscript(id: $id, version: $version) { version } }`,
      { id: transcript!._id.toHexString(), version: transcript!.version + 1 },
      editor.token,
    );
    expect(approve.errors).toBeUndefined();
    await index.poll();
    expect(ids(await archive.gql(SEARCH, { q: 'Verny' }))).toEqual([open]);
  });

  it('stops with the API: the thread ends and a search after it says so', async () => {
    const index = archive.api.services.search;
    const host = index.host;
    await index.stop();
    expect(host.alive).toBe(false);
    expect(index.restarts).toBe(1);
    const res: any = await archive.gql(SEARCH, { q: 'Kazakhstan' });
    expect(res.errors?.[0]).toBeDefined();
  });
});
