import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
let researcher: { id: string; token: string };
let interviewId: string;

beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
  const created = await archive.gql(`mutation { createInterview(input: { title: { en: "Upload test" } }) { id } }`, {}, researcher.token);
  interviewId = created.data!.createInterview.id;
});
afterAll(() => archive?.close());

const START = `mutation($input: StartUploadInput!) { startMediaUpload(input: $input) { id status partSize partCount } }`;
const PARTS = `mutation($input: PartUrlsInput!) { mediaUploadParts(input: $input) { partNumber url } }`;
const RECORD = `mutation($input: RecordPartInput!) { recordUploadedPart(input: $input) }`;
const STATE = `query($id: ID!) { mediaUpload(assetId: $id) { asset { status } parts { partNumber size } } }`;
const COMPLETE = `mutation($id: ID!) { completeMediaUpload(assetId: $id) { id status } }`;

async function sendPart(assetId: string, partNumber: number, bytes: Uint8Array) {
  const urls = await archive.gql(PARTS, { input: { assetId, partNumbers: [partNumber] } }, researcher.token);
  const put = await fetch(urls.data!.mediaUploadParts[0].url, { method: 'PUT', body: bytes });
  expect(put.status).toBe(200);
  const etag = put.headers.get('etag')!;
  const recorded = await archive.gql(RECORD, { input: { assetId, partNumber, etag, size: bytes.length } }, researcher.token);
  expect(recorded.errors).toBeUndefined();
}

describe('uploads straight to storage', () => {
  it('plans parts, takes them from the client, resumes after a reload, completes and queues verification', async () => {
    const MiB = 1024 * 1024;
    const file = randomBytes(20 * MiB);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const started = await archive.gql(
      START,
      { input: { interviewId, fileName: 'day one.wav', size: file.length, contentType: 'audio/wav', sha256 } },
      researcher.token,
    );
    expect(started.errors).toBeUndefined();
    const asset = started.data!.startMediaUpload;
    expect(asset).toMatchObject({ status: 'uploading', partSize: 8 * MiB, partCount: 3 });
    const part = (n: number) => file.subarray((n - 1) * asset.partSize, n * asset.partSize);

    await sendPart(asset.id, 1, part(1));
    await sendPart(asset.id, 2, part(2));
    // The tab closed here; the reloaded page asks what storage already has.
    const state = await archive.gql(STATE, { id: asset.id }, researcher.token);
    expect(state.data!.mediaUpload.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([1, 2]);
    const early = await archive.gql(COMPLETE, { id: asset.id }, researcher.token);
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parts' });
    expect(early.errors?.[0]?.message).toMatch(/parts 3 have not arrived/);

    await sendPart(asset.id, 3, part(3));
    const done = await archive.gql(COMPLETE, { id: asset.id }, researcher.token);
    expect(done.data?.completeMediaUpload.status).toBe('verifying');
    const stored = await archive.db.models.MediaAsset.findById(asset.id).lean();
    const bytes = await archive.storage.getBytes(stored!.key);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    const jobs = await archive.db.models.Job.find({ interviewId }).lean();
    expect(jobs.map((j) => j.type)).toEqual(['verify-upload']);

    const again = await archive.gql(COMPLETE, { id: asset.id }, researcher.token);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('a part URL used again after completion cannot change the master that verification will hash', async () => {
    const file = randomBytes(64 * 1024);
    const started = await archive.gql(START, { input: { interviewId, fileName: 'short.wav', size: file.length, contentType: 'audio/wav' } }, researcher.token);
    const assetId = started.data!.startMediaUpload.id;
    const url = (await archive.gql(PARTS, { input: { assetId, partNumbers: [1] } }, researcher.token)).data!.mediaUploadParts[0].url;
    const put = await fetch(url, { method: 'PUT', body: file });
    await archive.gql(RECORD, { input: { assetId, partNumber: 1, etag: put.headers.get('etag'), size: file.length } }, researcher.token);
    expect((await archive.gql(COMPLETE, { id: assetId }, researcher.token)).data?.completeMediaUpload.status).toBe('verifying');

    // The part URL writes a part of an upload storage has closed, never the assembled object.
    await fetch(url, { method: 'PUT', body: randomBytes(file.length) });
    const key = (await archive.db.models.MediaAsset.findById(assetId).lean())!.key;
    expect(Buffer.from(await archive.storage.getBytes(key)).equals(file)).toBe(true);
    // And no new part URL is given for a completed upload.
    expect((await archive.gql(PARTS, { input: { assetId, partNumbers: [1] } }, researcher.token)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('refuses an oversized file, a forbidden type and a wrong part size before any byte is stored', async () => {
    const before = await archive.db.models.MediaAsset.countDocuments();
    const huge = await archive.gql(START, { input: { interviewId, fileName: 'x.wav', size: 30 * 1024 ** 3, contentType: 'audio/wav' } }, researcher.token);
    expect(huge.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'size' });
    const exe = await archive.gql(START, { input: { interviewId, fileName: 'x.exe', size: 100, contentType: 'application/x-msdownload' } }, researcher.token);
    expect(exe.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentType' });
    expect(await archive.db.models.MediaAsset.countDocuments()).toBe(before);

    const ok = await archive.gql(START, { input: { interviewId, fileName: 'small.mp3', size: 1000, contentType: 'audio/mpeg' } }, researcher.token);
    const wrong = await archive.gql(RECORD, { input: { assetId: ok.data!.startMediaUpload.id, partNumber: 1, etag: '"x"', size: 999 } }, researcher.token);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'size' });
  });

  it('lets only the uploader and editors upload', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    const input = { interviewId, fileName: 'x.wav', size: 100, contentType: 'audio/wav' };
    expect((await archive.gql(START, { input })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The draft is not visible to a teacher at all: it answers like a missing interview.
    expect((await archive.gql(START, { input }, teacher.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const other = await archive.userWithRoles([Role.researcher]);
    expect((await archive.gql(START, { input }, other.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const editor = await archive.userWithRoles([Role.editor]);
    expect((await archive.gql(START, { input }, editor.token)).errors).toBeUndefined();
  });
});

describe('abandoned uploads', () => {
  it('are closed by the sweep-uploads job after a day, and the housekeeping queues each sweep once an hour', async () => {
    const started = await archive.gql(START, { input: { interviewId, fileName: 'left.wav', size: 1000, contentType: 'audio/wav' } }, researcher.token);
    const id = started.data!.startMediaUpload.id;
    await archive.db.models.MediaAsset.updateOne({ _id: id }, { $set: { 'upload.startedAt': new Date(Date.now() - 25 * 3600_000) } });
    const { createHandlers } = await import('../../ingest/src/jobs/handlers.js');
    const { loadConfig } = await import('../../server/src/config.js');
    const handlers = createHandlers({ models: archive.db.models, config: loadConfig({ NODE_ENV: 'test' }), storage: archive.storage });
    const outcome = await handlers['sweep-uploads']!({
      job: { id: 'x', type: 'sweep-uploads', attempt: 1, maxAttempts: 1, interviewId: null },
      payload: {}, reportProgress: () => {}, signal: new AbortController().signal, log: () => {},
    });
    expect(outcome).toMatchObject({ status: 'succeeded', result: { abandoned: 1, unconfirmedUploadsRemoved: 0 } });
    expect(await archive.db.models.MediaAsset.findById(id).lean()).toMatchObject({ status: 'failed' });

    const { startHousekeeping } = await import('../../ingest/src/jobs/housekeeping.js');
    const stopA = startHousekeeping(archive.db.models, 60_000);
    const stopB = startHousekeeping(archive.db.models, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    stopA();
    stopB();
    const sweeps = await archive.db.models.Job.find({ type: { $in: ['sweep-sessions', 'sweep-uploads'] } }).lean();
    expect(sweeps.map((j) => j.type).sort()).toEqual(['sweep-sessions', 'sweep-uploads']);
  });
});

describe('unconfirmed uploads under incoming/', () => {
  it('are deleted once older than a day; fresh uploads and every other object stay', async () => {
    const { sweepIncoming } = await import('../../server/src/storage/incoming-sweep.js');
    const waiting = ['incoming/private/releases/a/1-release.pdf', 'incoming/collections/b/images/2.png', 'incoming/private/releases/a/3-other.pdf'];
    for (const key of waiting) await archive.storage.put(key, '%PDF-1.4', 'application/pdf');
    await archive.storage.put('private/releases/a/1-release.pdf', '%PDF-1.4', 'application/pdf');

    // Fresh: nothing goes.
    expect(await sweepIncoming(archive.storage, 24)).toBe(0);
    for (const key of waiting) expect(await archive.storage.head(key)).not.toBeNull();

    // A day and an hour later: every upload left under incoming/ goes, the attached copy stays.
    const later = new Date(Date.now() + 25 * 3600_000);
    expect(await sweepIncoming(archive.storage, 24, later)).toBeGreaterThanOrEqual(waiting.length);
    for (const key of waiting) expect(await archive.storage.head(key)).toBeNull();
    expect(await archive.storage.head('private/releases/a/1-release.pdf')).not.toBeNull();
  });
});
