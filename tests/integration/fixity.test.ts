/**
 * Fixity checks on real storage: files stored with their SHA-256, then one corrupted (one byte
 * changed, written over through the S3 API) and one deleted behind the archive's back. A real
 * worker process runs the check-fixity job: both are flagged (record, audit event, report), the
 * intact master and access copy pass, and a second round adds no new audit events.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import type { MediaAssetDoc, MediaKind } from '../../server/src/interviews/media-asset.model.js';
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import { keys } from '../../server/src/storage/keys.js';
import { startHousekeeping } from '../../ingest/src/jobs/housekeeping.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { startWorkerProcess, waitUntil } from '../support/worker-process.js';
import { createInterview, sha256 } from './media-support.js';

let archive: TestArchive;
let editor: { id: string; token: string };
let researcher: { id: string; token: string };
let interviewId: string;

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  researcher = await archive.userWithRoles([Role.researcher]);
  interviewId = await createInterview(archive, researcher.token, 'Fixity', ['ru']);
});
afterAll(() => archive?.close());

const bytesOf = (seed: number, length: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 251);

async function stored(kind: MediaKind, name: string, bytes: Uint8Array): Promise<MediaAssetDoc> {
  const _id = new Types.ObjectId();
  const key = kind === 'master' ? keys.master(interviewId, _id.toHexString(), name) : keys.accessAudio(interviewId, _id.toHexString());
  await archive.storage.put(key, bytes, 'audio/wav');
  const doc = await archive.db.models.MediaAsset.create({
    _id,
    interviewId: new Types.ObjectId(interviewId),
    kind,
    key,
    fileName: name,
    contentType: 'audio/wav',
    size: bytes.length,
    sha256: sha256(bytes),
    status: 'ready',
    createdBy: new Types.ObjectId(researcher.id),
  });
  return doc.toObject();
}

/** Runs one round in a real worker process and returns the finished job. */
async function fixityRound(queue: JobQueue, dedupeKey: string): Promise<JobDoc> {
  const { job } = await queue.enqueue('check-fixity', { checkedBefore: new Date().toISOString() }, { dedupeKey });
  const worker = startWorkerProcess(archive, { WORKER_ID: `fixity-${dedupeKey}` });
  try {
    return await waitUntil(
      'the fixity round to end',
      async () => {
        const doc = await archive.db.models.Job.findById(job._id).lean<JobDoc>();
        return doc && ['succeeded', 'failed'].includes(doc.state) ? doc : null;
      },
      60_000,
    ).catch((err) => {
      throw new Error(`${(err as Error).message}\n${worker.output()}`);
    });
  } finally {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }
}

const REPORT = `{ fixityReport { ok failed unchecked lastCheckedAt problems { mediaAssetId interviewId kind fileName recordedSha256 fixity { status foundSha256 checkedAt } } } }`;

describe('fixity checks', () => {
  it('flag a corrupted and a deleted master, pass the intact files, and tell editors', { timeout: 120_000 }, async () => {
    const intact = await stored('master', 'intact.wav', bytesOf(1, 300_000));
    const copy = await stored('access_audio', 'intact.m4a', bytesOf(2, 50_000));
    const rotten = await stored('master', 'rotten.wav', bytesOf(3, 200_000));
    const gone = await stored('master', 'gone.wav', bytesOf(4, 10_000));
    // Behind the archive's back: one byte changed in place, one object deleted.
    const damaged = bytesOf(3, 200_000);
    damaged[123_456] = damaged[123_456]! ^ 0xff;
    await archive.storage.put(rotten.key, damaged, 'audio/wav');
    await archive.storage.delete(gone.key);

    const queue = new JobQueue(archive.db.models.Job);
    // Named as the worker's own daily round, so its housekeeping finds this job instead of racing it.
    const first = await fixityRound(queue, `check-fixity:${new Date().toISOString().slice(0, 10)}`);
    expect(first.state, first.lastError?.message).toBe('succeeded');
    expect(first.result).toEqual({ checked: 4, ok: 2, mismatch: 1, missing: 1, bytes: 350_000 });

    const after = async (doc: MediaAssetDoc) => (await archive.db.models.MediaAsset.findById(doc._id).lean<MediaAssetDoc>())!.fixity;
    expect(await after(intact)).toMatchObject({ status: 'ok', foundSha256: null });
    expect(await after(copy)).toMatchObject({ status: 'ok', foundSha256: null });
    expect(await after(rotten)).toMatchObject({ status: 'mismatch', foundSha256: sha256(damaged) });
    expect(await after(gone)).toMatchObject({ status: 'missing', foundSha256: null });

    const events = async () =>
      (await archive.db.models.AuditEvent.find({ action: /^media\.fixity/ }).sort({ at: 1 }).lean()).map((e) => [e.action, String(e.targetId), e.after?.fixity]);
    expect((await events()).sort()).toEqual(
      [
        ['media.fixity-failed', gone._id.toHexString(), 'missing'],
        ['media.fixity-failed', rotten._id.toHexString(), 'mismatch'],
      ].sort(),
    );

    const report = await archive.gql(REPORT, {}, editor.token);
    expect(report.errors).toBeUndefined();
    expect(report.data!.fixityReport).toMatchObject({ ok: 2, failed: 2, unchecked: 0 });
    expect(report.data!.fixityReport.lastCheckedAt).toBeTruthy();
    expect(
      report.data!.fixityReport.problems.map((p: any) => [p.mediaAssetId, p.interviewId, p.kind, p.recordedSha256, p.fixity.status, p.fixity.foundSha256]).sort(),
    ).toEqual(
      [
        [rotten._id.toHexString(), interviewId, 'master', rotten.sha256, 'mismatch', sha256(damaged)],
        [gone._id.toHexString(), interviewId, 'master', gone.sha256, 'missing', null],
      ].sort(),
    );
    // The interview's files show their latest check to editors.
    const media = await archive.gql(`query($id: ID!) { interview(id: $id) { media { id fixity { status } } } }`, { id: interviewId }, editor.token);
    expect(media.errors).toBeUndefined();
    expect(Object.fromEntries(media.data!.interview.media.map((m: any) => [m.id, m.fixity?.status]))).toEqual({
      [intact._id.toHexString()]: 'ok',
      [copy._id.toHexString()]: 'ok',
      [rotten._id.toHexString()]: 'mismatch',
      [gone._id.toHexString()]: 'missing',
    });
    // The report is for editors and admins.
    for (const token of [researcher.token, undefined]) {
      const denied = await archive.gql(REPORT, {}, token);
      expect(denied.data).toBeNull();
      expect(denied.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }

    // A second round reads everything again: the same verdicts, no second audit event for a known problem.
    const second = await fixityRound(queue, 'fixity-second-round');
    expect(second.result).toEqual({ checked: 4, ok: 2, mismatch: 1, missing: 1, bytes: 350_000 });
    expect(await events()).toHaveLength(2);
    expect(await after(intact)).toMatchObject({ status: 'ok' });
  });

  it('housekeeping queues one fixity round a day, however many workers run it', async () => {
    const stopA = startHousekeeping(archive.db.models, 60_000, 24);
    const stopB = startHousekeeping(archive.db.models, 60_000, 24);
    await new Promise((r) => setTimeout(r, 500));
    stopA();
    stopB();
    const rounds = await archive.db.models.Job.find({ type: 'check-fixity', dedupeKey: `check-fixity:${new Date().toISOString().slice(0, 10)}` }).lean<JobDoc[]>();
    expect(rounds).toHaveLength(1);
  });
});
