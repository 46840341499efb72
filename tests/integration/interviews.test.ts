import { MAX_RELEASE_BYTES } from '../../server/src/interviews/interview.input.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { narrator, storedInterview, term } from '../support/factories.js';

let archive: TestArchive;
let researcher: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let editor: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let teacher: Awaited<ReturnType<TestArchive['userWithRoles']>>;

beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
  editor = await archive.userWithRoles([Role.editor]);
  teacher = await archive.userWithRoles([Role.teacher]);
});
afterAll(() => archive?.close());

const FIELDS = `id version status accessLevel effectiveAccessLevel hasRelease title { kk ru en } languages
  release { permits embargoUntil withdrawn signedOn documentName } provenance { uploadedAt device }`;
const CREATE = `mutation($input: CreateInterviewInput!) { createInterview(input: $input) { ${FIELDS} } }`;
const RELEASE = `mutation($input: SetReleaseInput!) { setInterviewRelease(input: $input) { ${FIELDS} } }`;
const ACCESS = `mutation($input: SetAccessInput!) { setInterviewAccess(input: $input) { ${FIELDS} } }`;
const STATUS = `mutation($input: SetStatusInput!) { setInterviewStatus(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { interview(id: $id) { ${FIELDS} } }`;

async function createDraft(extra: Record<string, unknown> = {}) {
  const res = await archive.gql(
    CREATE,
    { input: { title: { kk: 'Көшу туралы әңгіме', en: 'A story of resettlement' }, languages: ['kk', 'ru'], device: 'Zoom H5', ...extra } },
    researcher.token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createInterview as { id: string; version: number };
}

describe('interviews: the publishing workflow', () => {
  it('a researcher creates a private draft, records the release, an editor opens and publishes it', async () => {
    const draft = await createDraft();
    expect(draft).toMatchObject({ status: 'draft', accessLevel: 'private', hasRelease: false, version: 1 });
    expect((await archive.gql(GET, { id: draft.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const released = await archive.gql(
      RELEASE,
      { input: { id: draft.id, version: 1, permits: 'public', signedOn: '2026-03-02T00:00:00.000Z' } },
      researcher.token,
    );
    expect(released.data?.setInterviewRelease).toMatchObject({ version: 2, hasRelease: true, release: { permits: 'public' } });

    const researcherPublishes = await archive.gql(STATUS, { input: { id: draft.id, version: 2, status: 'published' } }, researcher.token);
    expect(researcherPublishes.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const review = await archive.gql(STATUS, { input: { id: draft.id, version: 2, status: 'in_review' } }, researcher.token);
    expect(review.data?.setInterviewStatus.status).toBe('in_review');

    const opened = await archive.gql(ACCESS, { input: { id: draft.id, version: 3, accessLevel: 'public' } }, editor.token);
    expect(opened.data?.setInterviewAccess.accessLevel).toBe('public');
    const published = await archive.gql(STATUS, { input: { id: draft.id, version: 4, status: 'published' } }, editor.token);
    expect(published.data?.setInterviewStatus.status).toBe('published');

    const anon = await archive.gql(GET, { id: draft.id });
    expect(anon.data?.interview).toMatchObject({ id: draft.id, status: 'published', release: null, provenance: null });
    const audit = await archive.db.models.AuditEvent.find({ targetId: draft.id }).sort({ at: 1 }).lean();
    expect(audit.map((a) => a.action)).toEqual([
      'interview.create', 'interview.release', 'interview.status', 'interview.access', 'interview.status',
    ]);
  });

  it('refuses public access without a recorded release, naming the field, and writes nothing', async () => {
    const draft = await createDraft();
    const res = await archive.gql(ACCESS, { input: { id: draft.id, version: 1, accessLevel: 'public' } }, editor.token);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accessLevel' });
    const stored = await archive.db.models.Interview.findById(draft.id).lean();
    expect(stored).toMatchObject({ accessLevel: 'private', version: 1 });
  });

  it('refuses access more open than the release allows', async () => {
    const draft = await createDraft();
    await archive.gql(RELEASE, { input: { id: draft.id, version: 1, permits: 'education' } }, researcher.token);
    const res = await archive.gql(ACCESS, { input: { id: draft.id, version: 2, accessLevel: 'public' } }, editor.token);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accessLevel' });
    expect(res.errors?.[0]?.message).toMatch(/at most education/);
  });

  it('refuses a release signed in the future', async () => {
    const draft = await createDraft();
    const res = await archive.gql(
      RELEASE,
      { input: { id: draft.id, version: 1, permits: 'public', signedOn: '2099-01-01T00:00:00.000Z' } },
      researcher.token,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signedOn' });
    expect((await archive.db.models.Interview.findById(draft.id).lean())?.release).toBeNull();
  });

  it('refuses unknown tags and narrators, malformed ids and oversized titles, writing nothing', async () => {
    const before = await archive.db.models.Interview.countDocuments();
    const unknownTag = await archive.gql(CREATE, { input: { title: { en: 'x' }, tagIds: ['0123456789abcdef01234567'] } }, researcher.token);
    expect(unknownTag.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tagIds' });
    const badId = await archive.gql(CREATE, { input: { title: { en: 'x' }, narratorIds: ['nope'] } }, researcher.token);
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'narratorIds[0]' });
    const unknownNarrator = await archive.gql(CREATE, { input: { title: { en: 'x' }, narratorIds: ['0123456789abcdef01234567'] } }, researcher.token);
    expect(unknownNarrator.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'narratorIds' });
    const huge = await archive.gql(CREATE, { input: { title: { en: 'x'.repeat(501) } } }, researcher.token);
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(huge.errors?.[0]?.message).toMatch(/title\.en/);
    expect(huge.errors?.[0]?.message).not.toContain('xxxxxxxx');
    const badLanguage = await archive.gql(CREATE, { input: { title: { en: 'x' }, languages: ['Kazakh!'] } }, researcher.token);
    expect(badLanguage.errors?.[0]?.message).toMatch(/languages/);
    const publicAtOnce = await archive.gql(CREATE, { input: { title: { en: 'x' }, accessLevel: 'public' } }, researcher.token);
    expect(publicAtOnce.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accessLevel' });
    expect(await archive.db.models.Interview.countDocuments()).toBe(before);
  });

  it('accepts known tags and narrators', async () => {
    const era = await term(archive, 'era', 'ww2-era', 'Second World War');
    const person = await narrator(archive);
    const created = await createDraft({ tagIds: [era], narratorIds: [person] });
    const stored = await archive.db.models.Interview.findById(created.id).lean();
    expect(stored?.tagIds.map(String)).toEqual([era]);
    expect(stored?.narratorIds.map(String)).toEqual([person]);
  });

  it('keeps teachers and the public from creating interviews', async () => {
    expect((await archive.gql(CREATE, { input: { title: { en: 'x' } } })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await archive.gql(CREATE, { input: { title: { en: 'x' } } }, teacher.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('gives a stale edit CONFLICT and keeps the first edit', async () => {
    const draft = await createDraft();
    const UPDATE = `mutation($input: UpdateInterviewInput!) { updateInterview(input: $input) { version title { en } } }`;
    const first = await archive.gql(UPDATE, { input: { id: draft.id, version: 1, title: { en: 'Edited by the researcher' } } }, researcher.token);
    expect(first.data?.updateInterview).toEqual({ version: 2, title: { en: 'Edited by the researcher' } });
    const stale = await archive.gql(UPDATE, { input: { id: draft.id, version: 1, title: { en: 'Edited by the editor' } } }, editor.token);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect((await archive.db.models.Interview.findById(draft.id).lean())?.title.en).toBe('Edited by the researcher');
  });

  it('withdrawal closes the interview to everyone but editors, at once', async () => {
    const id = await storedInterview(archive, { createdBy: researcher.id });
    expect((await archive.gql(GET, { id })).data?.interview?.id).toBe(id);
    const res = await archive.gql(
      `mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { release { withdrawn } } }`,
      { input: { id, version: 1, reason: 'The narrator asked by telephone on 3 May' } },
      researcher.token,
    );
    expect(res.data?.withdrawInterview.release.withdrawn).toBe(true);
    expect((await archive.gql(GET, { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await archive.gql(GET, { id }, teacher.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await archive.gql(GET, { id }, researcher.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await archive.gql(GET, { id }, editor.token)).data?.interview?.release.withdrawn).toBe(true);
    const list = await archive.gql(`{ interviews(first: 100) { totalCount nodes { id } } }`);
    expect(list.data?.interviews.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
  });
});

describe('interviews: lists and filters', () => {
  it('pages with cursors and counts only what the viewer may see', async () => {
    const fresh = await startTestArchive();
    try {
      const topic = await term(fresh, 'topic', 'evacuation');
      const visible = [];
      for (let i = 0; i < 5; i++) visible.push(await storedInterview(fresh, { title: `Public ${i}`, tagIds: [topic] }));
      await storedInterview(fresh, { accessLevel: 'education', title: 'For schools', tagIds: [topic] });
      await storedInterview(fresh, { release: null, title: 'No release' });
      const Q = `query($after: String, $tag: ID!) { interviews(first: 2, after: $after, filter: { tagIds: [$tag] }) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`;
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 5; page++) {
        const res: any = await fresh.gql(Q, { after, tag: topic });
        expect(res.data.interviews.totalCount).toBe(5);
        seen.push(...res.data.interviews.nodes.map((n: { id: string }) => n.id));
        if (!res.data.interviews.pageInfo.hasNextPage) break;
        after = res.data.interviews.pageInfo.endCursor;
      }
      expect(seen.sort()).toEqual(visible.sort());
      const asTeacher = await fresh.userWithRoles([Role.teacher]);
      const teacherCount = await fresh.gql(`query($tag: ID!) { interviews(filter: { tagIds: [$tag] }) { totalCount } }`, { tag: topic }, asTeacher.token);
      expect(teacherCount.data?.interviews.totalCount).toBe(6);
      const bad = await fresh.gql(`{ interviews(after: "garbage") { totalCount } }`);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    } finally {
      await fresh.close();
    }
  });
});

describe('interviews: the release document in storage', () => {
  it('uploads straight to storage with a presigned PUT, attaches it, and gives staff alone a short-lived link', async () => {
    const draft = await createDraft();
    const pdf = Buffer.from('%PDF-1.4\n% invented demo release\n%%EOF\n');
    const target = await archive.gql(
      `mutation($input: RequestReleaseUploadInput!) { requestReleaseUpload(input: $input) { key url expiresAt } }`,
      { input: { id: draft.id, fileName: 'release signed.pdf', contentType: 'application/pdf', size: pdf.length } },
      researcher.token,
    );
    expect(target.errors).toBeUndefined();
    const { key, url } = target.data!.requestReleaseUpload;
    // The URL writes an upload key; the release keeps a copy under the private prefix.
    expect(key).toMatch(new RegExp(`^incoming/private/releases/${draft.id}/`));
    const put = await fetch(url, { method: 'PUT', body: pdf, headers: { 'content-type': 'application/pdf' } });
    expect(put.status).toBe(200);

    const attached = await archive.gql(
      RELEASE,
      { input: { id: draft.id, version: 1, permits: 'public', documentKey: key, documentName: 'release signed.pdf' } },
      researcher.token,
    );
    expect(attached.data?.setInterviewRelease.release.documentName).toBe('release signed.pdf');

    const LINK = `query($id: ID!) { interview(id: $id) { releaseDocumentUrl } }`;
    const link = (await archive.gql(LINK, { id: draft.id }, editor.token)).data?.interview.releaseDocumentUrl;
    const downloaded = Buffer.from(await (await fetch(link)).arrayBuffer());
    expect(downloaded.equals(pdf)).toBe(true);
    const stored = (await archive.db.models.Interview.findById(draft.id).lean())!.release!.documentKey!;
    expect(stored).toBe(key.slice('incoming/'.length));
    expect(await archive.storage.head(key)).toBeNull();

    // The upload URL is still valid, but a second PUT cannot change the attached form.
    const swapped = Buffer.from('%PDF-1.4\n% a different form\n%%EOF\n');
    expect((await fetch(url, { method: 'PUT', body: swapped, headers: { 'content-type': 'application/pdf' } })).status).toBe(200);
    expect(Buffer.from(await archive.storage.getBytes(stored)).equals(pdf)).toBe(true);
    const again = (await archive.gql(LINK, { id: draft.id }, editor.token)).data?.interview.releaseDocumentUrl;
    expect(Buffer.from(await (await fetch(again)).arrayBuffer()).equals(pdf)).toBe(true);

    // Published and public: the public sees the interview, never the release document.
    await archive.db.models.Interview.updateOne({ _id: draft.id }, { $set: { status: 'published', accessLevel: 'public' } });
    const anon = await archive.gql(`query($id: ID!) { interview(id: $id) { id release { permits } releaseDocumentUrl } }`, { id: draft.id });
    expect(anon.data?.interview).toEqual({ id: draft.id, release: null, releaseDocumentUrl: null });
    const asTeacher = await archive.gql(LINK, { id: draft.id }, teacher.token);
    expect(asTeacher.data?.interview.releaseDocumentUrl).toBeNull();
  });

  it('checks the stored size of the document, not the size declared: over 50 MB is refused and nothing is attached', async () => {
    const draft = await createDraft();
    const target = (await archive.gql(
      `mutation($input: RequestReleaseUploadInput!) { requestReleaseUpload(input: $input) { key url } }`,
      { input: { id: draft.id, fileName: 'big.pdf', contentType: 'application/pdf', size: 1000 } },
      researcher.token,
    )).data!.requestReleaseUpload;
    const big = Buffer.alloc(MAX_RELEASE_BYTES + 1, 0x20);
    big.write('%PDF-1.4\n');
    expect((await fetch(target.url, { method: 'PUT', body: big, headers: { 'content-type': 'application/pdf' } })).status).toBe(200);
    const refused = await archive.gql(RELEASE, { input: { id: draft.id, version: 1, permits: 'public', documentKey: target.key } }, researcher.token);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documentKey' });
    expect(refused.errors?.[0]?.message).toContain(`limit is ${MAX_RELEASE_BYTES} bytes`);
    expect((await archive.db.models.Interview.findById(draft.id).lean())?.release).toBeNull();
    expect(await archive.storage.head(target.key)).toBeNull();
    expect(await archive.storage.head(target.key.slice('incoming/'.length))).toBeNull();
  });

  it('sniffs the stored copy: a page of HTML declared as a PDF is refused, nothing is attached or kept', async () => {
    const draft = await createDraft();
    const target = (await archive.gql(
      `mutation($input: RequestReleaseUploadInput!) { requestReleaseUpload(input: $input) { key url } }`,
      { input: { id: draft.id, fileName: 'release.pdf', contentType: 'application/pdf', size: 100 } },
      researcher.token,
    )).data!.requestReleaseUpload;
    const html = Buffer.from('<!doctype html><script>alert(1)</script>');
    expect((await fetch(target.url, { method: 'PUT', body: html, headers: { 'content-type': 'application/pdf' } })).status).toBe(200);
    const refused = await archive.gql(RELEASE, { input: { id: draft.id, version: 1, permits: 'public', documentKey: target.key } }, researcher.token);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documentKey' });
    expect(refused.errors?.[0]?.message).toContain('not a PDF, PNG, JPEG or TIFF');
    expect((await archive.db.models.Interview.findById(draft.id).lean())?.release).toBeNull();
    expect(await archive.storage.head(target.key)).toBeNull();
    expect(await archive.storage.head(target.key.slice('incoming/'.length))).toBeNull();
  });

  it('refuses a document key of another interview, a missing upload, and forbidden file types', async () => {
    const draft = await createDraft();
    const other = await archive.gql(
      RELEASE,
      { input: { id: draft.id, version: 1, permits: 'public', documentKey: 'private/releases/0123456789abcdef01234567/x.pdf' } },
      researcher.token,
    );
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documentKey' });
    const missing = await archive.gql(
      RELEASE,
      { input: { id: draft.id, version: 1, permits: 'public', documentKey: `incoming/private/releases/${draft.id}/never-uploaded.pdf` } },
      researcher.token,
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documentKey' });
    const exe = await archive.gql(
      `mutation($input: RequestReleaseUploadInput!) { requestReleaseUpload(input: $input) { key } }`,
      { input: { id: draft.id, fileName: 'release.exe', contentType: 'application/x-msdownload', size: 10 } },
      researcher.token,
    );
    expect(exe.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(exe.errors?.[0]?.message).toMatch(/contentType/);
    expect((await archive.db.models.Interview.findById(draft.id).lean())?.release).toBeNull();
  });
});

describe('the audit trail', () => {
  it('lets editors read who changed what, and nobody else', async () => {
    const draft = await createDraft();
    await archive.gql(
      `mutation($input: UpdateInterviewInput!) { updateInterview(input: $input) { version } }`,
      { input: { id: draft.id, version: 1, place: 'Zharkent' } },
      researcher.token,
    );
    const Q = `query($id: ID!) { auditEvents(targetId: $id) { totalCount nodes { action actorId before after } } }`;
    const res = await archive.gql(Q, { id: draft.id }, editor.token);
    expect(res.data?.auditEvents.totalCount).toBe(2);
    expect(res.data?.auditEvents.nodes[0]).toEqual({
      action: 'interview.update',
      actorId: researcher.id,
      before: { place: null },
      after: { place: 'Zharkent' },
    });
    expect((await archive.gql(Q, { id: draft.id }, teacher.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await archive.gql(Q, { id: draft.id }, researcher.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await archive.gql(Q, { id: draft.id })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('concurrent edits of one version', () => {
  it('lets exactly one of ten simultaneous edits win; the others get CONFLICT', async () => {
    const draft = await createDraft();
    const UPDATE = `mutation($input: UpdateInterviewInput!) { updateInterview(input: $input) { version title { en } } }`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        archive.gql(UPDATE, { input: { id: draft.id, version: 1, title: { en: `Edit ${i}` } } }, researcher.token),
      ),
    );
    const winners = results.filter((r) => r.data?.updateInterview);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(9);
    const stored = await archive.db.models.Interview.findById(draft.id).lean();
    expect(stored).toMatchObject({ version: 2, title: { en: winners[0]!.data!.updateInterview.title.en } });
  });
});
