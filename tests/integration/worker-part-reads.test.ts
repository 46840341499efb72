/**
 * The worker's reads of an interview's transcripts and media go through the interview's list, by
 * `_id` (server/src/db/stored-parts.ts): on FerretDB any other filter on those collections scans and
 * decodes every record (docs/decisions/interview-parts.md). Counted here on the real database, for
 * the copy scheduler and the transcription job's draft, beside what each decides. One read stays a
 * filter on purpose: the restrictions a copy is cut under come from every transcript of the interview
 * (media/viewer-copy.ts, restrictionSource), never from a list a race may have left short.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel } from '../../server/src/access/levels.js';
import { CopySchedule } from '../../server/src/media/copy-schedule.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { commandsDuring } from '../support/commands.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;

beforeAll(async () => {
  archive = await startTestArchive();
}, 120_000);
afterAll(async () => {
  await archive?.close();
});

/** Commands on the transcripts or media that are not a lookup of one record by `_id`. */
const filteredParts = (queries: readonly string[]) => queries.filter((q) => /^(find|aggregate|count|distinct):(transcripts|media_assets)$/.test(q));

/** An interview with a ready master, a transcript with a passage closed to the public, and other interviews' records beside. */
async function interviewWithMaster() {
  const interviewId = await storedInterview(archive, { durationSeconds: 120 });
  const master = await archive.db.models.MediaAsset.create({
    interviewId, kind: 'master', key: `masters/${interviewId}/a.wav`, fileName: 'a.wav', contentType: 'audio/wav', size: 10,
    status: 'ready', durationSeconds: 120, createdBy: new Types.ObjectId(),
  });
  await archive.db.models.Transcript.create({
    interviewId, language: 'kk', status: 'approved', source: 'manual',
    segments: [{ start: 0, end: 10, text: 'Ашық' }, { start: 10, end: 20, text: 'Жабық', accessLevel: AccessLevel.research }],
  });
  return { interviewId, masterId: master._id.toHexString() };
}

describe('the worker reads an interview’s records through its list', () => {
  it('the copy scheduler queues a new cut for a master cut under other restrictions, and not again while it is queued, by `_id` reads only', async () => {
    await interviewWithMaster();
    const { interviewId, masterId } = await interviewWithMaster();
    // The master was cut once, before its passage was closed.
    await archive.db.models.Job.create({ type: 'make-access-copies', state: 'succeeded', payload: { mediaAssetId: masterId, restrictions: 'before' }, interviewId });
    const schedule = new CopySchedule(archive.db.models, archive.storage);
    const first = await commandsDuring(archive, () => schedule.restrictionsChanged(interviewId));
    expect(first.result.queued).toHaveLength(1);
    const queued = await archive.db.models.Job.findById(first.result.queued[0]).lean();
    expect(queued).toMatchObject({ type: 'make-access-copies', state: 'queued', payload: { mediaAssetId: masterId, cutsOnly: true } });
    expect((queued!.payload as { restrictions: string }).restrictions).not.toBe('before');
    expect(filteredParts(first.queries)).toEqual(['find:transcripts']);
    expect(first.byId).toContain(`media_assets:${masterId}`);

    const again = await commandsDuring(archive, () => schedule.restrictionsChanged(interviewId));
    expect(again.result).toEqual({ queued: [], removed: [] });
    expect(filteredParts(again.queries)).toEqual(['find:transcripts']);
  });

  it('the transcription job’s draft keeps a person’s transcript and creates one in a new language, by `_id` reads only', async () => {
    const { interviewId } = await interviewWithMaster();
    const transcripts = archive.api.services.transcripts;
    const segments = [{ start: 0, end: 5, text: 'Автомат' }];

    const kept = await commandsDuring(archive, () => transcripts.saveAutomaticDraft(interviewId, 'kk', segments));
    expect(kept.result.outcome).toBe('kept');
    expect(kept.result.transcript.segments.map((s) => s.text)).toEqual(['Ашық', 'Жабық']);
    expect(filteredParts(kept.queries)).toEqual([]);

    const created = await commandsDuring(archive, () => transcripts.saveAutomaticDraft(interviewId, 'ru', segments));
    expect(created.result.outcome).toBe('created');
    expect(filteredParts(created.queries)).toEqual([]);
    expect((await archive.db.models.Transcript.find({ interviewId }).lean()).map((t) => `${t.language}:${t.status}`).sort()).toEqual(['kk:approved', 'ru:automatic']);
  });
});
