/**
 * Each interview's list of its transcripts and media records (server/src/interviews/interview-parts.ts),
 * which the read path follows by `_id`: kept in step on every create, remove and replace, whoever
 * writes; filled in for records written before lists existed; and followed by the page's reads.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { createReads } from '../../server/src/db/reads.js';
import { listInterviewParts } from '../../server/src/interviews/interview-parts.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let editor: { token: string };
beforeAll(async () => {
  archive = await startTestArchive({ ANONYMOUS_CACHE: 'off' });
  editor = await archive.userWithRoles([Role.editor]);
});
afterAll(() => archive?.close());

const listOf = async (interviewId: string) => {
  const parts = await archive.db.models.InterviewParts.findById(interviewId).lean();
  return { complete: parts?.complete ?? false, transcripts: (parts?.transcriptIds ?? []).map(String).sort(), media: (parts?.mediaIds ?? []).map(String).sort() };
};
const idsOf = (docs: { _id: Types.ObjectId }[]) => docs.map((d) => d._id.toHexString()).sort();
const stored = async (interviewId: string) => ({
  transcripts: idsOf(await archive.db.models.Transcript.find({ interviewId }, { _id: 1 }).lean()),
  media: idsOf(await archive.db.models.MediaAsset.find({ interviewId }, { _id: 1 }).lean()),
});
const asset = (interviewId: string, key: string, kind: 'master' | 'access_audio' | 'waveform' = 'master') => ({
  interviewId: new Types.ObjectId(interviewId), kind, key, fileName: 'a.wav', contentType: 'audio/wav', size: 3, status: 'ready' as const, createdBy: new Types.ObjectId(),
});

describe('an interview lists its transcripts and media', () => {
  it('a new interview starts with a complete, empty list', async () => {
    const id = await storedInterview(archive);
    expect(await listOf(id)).toEqual({ complete: true, transcripts: [], media: [] });
  });

  it('a transcript created through the API is listed; a second one in the same language is refused and not listed', async () => {
    const id = await storedInterview(archive);
    const create = (text: string) => archive.gql(
      `mutation($id: ID!, $text: String!) { createTranscript(input: { interviewId: $id, language: "kk", segments: [{ start: 0, end: 1, text: $text }] }) { id } }`,
      { id, text }, editor.token,
    );
    const first = await create('бір');
    expect(first.errors).toBeUndefined();
    expect((await listOf(id)).transcripts).toEqual([first.data?.createTranscript.id]);
    const second = await create('екі');
    expect(second.errors?.length).toBeGreaterThan(0);
    expect((await listOf(id)).transcripts).toEqual((await stored(id)).transcripts);
  });

  it('media records created, upserted (a copy made again replaces its record), and deleted keep the list equal to what is stored', async () => {
    const id = await storedInterview(archive);
    const { MediaAsset } = archive.db.models;
    await MediaAsset.create(asset(id, `m/${id}/master.wav`));
    await MediaAsset.insertMany([asset(id, `m/${id}/copy-a.m4a`, 'access_audio'), asset(id, `m/${id}/peaks-a.json`, 'waveform')]);
    expect((await listOf(id)).media).toEqual((await stored(id)).media);
    expect((await listOf(id)).media).toHaveLength(3);
    // As make-access-copies saves a derivative: an upsert by key, twice (the job run again).
    for (let run = 0; run < 2; run++) {
      await MediaAsset.findOneAndUpdate(
        { key: `m/${id}/copy-b.m4a` },
        { $set: { kind: 'access_audio', fileName: 'b.m4a', contentType: 'audio/mp4', size: 3, status: 'ready' }, $setOnInsert: { interviewId: new Types.ObjectId(id), createdBy: new Types.ObjectId() } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
    }
    expect((await listOf(id)).media).toEqual((await stored(id)).media);
    expect((await listOf(id)).media).toHaveLength(4);
    await MediaAsset.deleteOne({ key: `m/${id}/copy-a.m4a` });
    await MediaAsset.deleteMany({ interviewId: id, kind: 'waveform' });
    expect((await listOf(id)).media).toEqual((await stored(id)).media);
    expect((await listOf(id)).media).toHaveLength(2);
    await MediaAsset.findOneAndDelete({ key: `m/${id}/copy-b.m4a` });
    expect((await listOf(id)).media).toEqual((await stored(id)).media);
  });

  it('records created at the same moment for one interview are all listed (FerretDB updates are read-then-write)', async () => {
    const id = await storedInterview(archive);
    await Promise.all(Array.from({ length: 12 }, (_, n) => archive.db.models.MediaAsset.create(asset(id, `m/${id}/parallel-${n}.wav`))));
    expect((await listOf(id)).media).toHaveLength(12);
    expect((await listOf(id)).media).toEqual((await stored(id)).media);
  });

  it('a replaced transcript (removed, then made again in its language) is listed by its new id only', async () => {
    const id = await storedInterview(archive);
    const { Transcript } = archive.db.models;
    const old = await Transcript.create({ interviewId: id, language: 'ru', segments: [{ start: 0, end: 1, text: 'старый' }] });
    await Transcript.deleteOne({ _id: old._id });
    const made = await Transcript.create({ interviewId: id, language: 'ru', segments: [{ start: 0, end: 1, text: 'новый' }] });
    expect((await listOf(id)).transcripts).toEqual([made._id.toHexString()]);
    const reads = createReads(archive.db.models);
    expect((await reads.transcripts.ofInterview(id)).map((t) => t.segments[0]!.text)).toEqual(['новый']);
  });
});

describe('interviews written before the lists', () => {
  it('are read by interviewId until the backfill has listed their records, then by their list; the backfill runs once', async () => {
    const id = new Types.ObjectId();
    // Written raw, as an older version of the archive (or a restored bag) left them: no list.
    await archive.db.models.Interview.collection.insertOne({
      _id: id, title: { en: 'Old' }, summary: {}, narratorIds: [], interviewers: [], languages: ['kk'], tagIds: [], indexSegments: [],
      release: { permits: 'public', withdrawn: false }, accessLevel: 'public', status: 'published', provenance: {}, createdBy: new Types.ObjectId(), version: 1,
    });
    const transcript = new Types.ObjectId();
    await archive.db.models.Transcript.collection.insertOne({ _id: transcript, interviewId: id, language: 'kk', status: 'approved', source: 'manual', segments: [], version: 1 });
    await archive.db.models.MediaAsset.collection.insertOne({ _id: new Types.ObjectId(), ...asset(id.toHexString(), `m/${id}/old.wav`) });
    expect((await listOf(id.toHexString())).complete).toBe(false);
    // Read by interviewId meanwhile: nothing is missing.
    expect(idsOf(await createReads(archive.db.models).transcripts.ofInterview(id))).toEqual([transcript.toHexString()]);

    expect(await listInterviewParts(archive.db.models)).toBeGreaterThanOrEqual(1);
    expect(await listOf(id.toHexString())).toEqual({ complete: true, ...(await stored(id.toHexString())) });
    expect(await listInterviewParts(archive.db.models)).toBe(0);
    expect(idsOf(await createReads(archive.db.models).media.ofInterview(id))).toEqual((await stored(id.toHexString())).media);
  });

  it('the repair (a daily job) lists again the ids lost from a list, and removes none', async () => {
    const id = await storedInterview(archive);
    const made = await archive.db.models.MediaAsset.create(asset(id, `m/${id}/kept.wav`));
    const dangling = new Types.ObjectId();
    // A lost update: the list names only a record that never was.
    await archive.db.models.InterviewParts.updateOne({ _id: id }, { $set: { mediaIds: [dangling] } });
    expect(idsOf(await createReads(archive.db.models).media.ofInterview(id))).toEqual([]);
    const { createHandlers } = await import('../../ingest/src/jobs/handlers.js');
    const { loadConfig } = await import('../../server/src/config.js');
    const handlers = createHandlers({ models: archive.db.models, config: loadConfig({ NODE_ENV: 'test' }), storage: archive.storage });
    const outcome = await handlers['repair-interview-parts']!({
      job: { id: 'x', type: 'repair-interview-parts', attempt: 1, maxAttempts: 1, interviewId: null },
      payload: {}, reportProgress: () => {}, signal: new AbortController().signal, log: () => {},
    });
    expect(outcome).toMatchObject({ status: 'succeeded' });
    // The housekeeping queues it once a day, however many workers run.
    const { startHousekeeping } = await import('../../ingest/src/jobs/housekeeping.js');
    const [stopA, stopB] = [startHousekeeping(archive.db.models, 60_000), startHousekeeping(archive.db.models, 60_000)];
    await new Promise((r) => setTimeout(r, 500));
    stopA();
    stopB();
    expect(await archive.db.models.Job.countDocuments({ type: 'repair-interview-parts' })).toBe(1);
    expect([...(await listOf(id)).media].sort()).toEqual([made._id.toHexString(), dangling.toHexString()].sort());
    // The id that names nothing is skipped by readers; the lost one is back.
    expect(idsOf(await createReads(archive.db.models).media.ofInterview(id))).toEqual([made._id.toHexString()]);
  });
});
