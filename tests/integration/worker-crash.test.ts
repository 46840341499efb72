/**
 * A worker killed in the middle of a job loses nothing: another worker takes the job over when the
 * lease runs out and finishes it, once. Real worker processes, real FerretDB. The slow test-only job
 * stands in for a transcode; when the ffmpeg handlers exist, the same crashMidJob scenario runs with
 * a real media job (see tests/support/worker-process.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import { TEST_EFFECTS_COLLECTION } from '../../ingest/src/jobs/test-handlers.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { printFigures } from '../support/drills.js';
import { crashMidJob, startWorkerProcess, waitUntil } from '../support/worker-process.js';

let archive: TestArchive;
let queue: JobQueue;

beforeAll(async () => {
  archive = await startTestArchive();
  queue = new JobQueue(archive.db.models.Job);
});
afterAll(() => archive?.close());

describe('worker processes', () => {
  it('a worker SIGKILLed mid-job: a second worker finishes the job exactly once', { timeout: 150_000 }, async () => {
    const { atKill, killed, finished, second, secondsToRecover } = await crashMidJob(archive, {
      enqueue: async () => (await queue.enqueue('test-slow', { steps: 12, stepMs: 250 }, { dedupeKey: 'crash-test' })).job._id.toHexString(),
      midJob: (job) => job.progress > 0,
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(atKill.progress).toBeGreaterThan(0);
    expect(atKill.progress).toBeLessThan(100);

    expect(finished).toMatchObject({ state: 'succeeded', attempts: 2, progress: 100, leaseOwner: null });
    expect(finished.result).toEqual({ steps: 12, attempt: 2, pid: second.child.pid });
    expect(finished.history.map((h) => [h.attempt, h.workerId, h.outcome])).toEqual([
      [1, 'worker-a', 'lost'],
      [2, 'worker-b', 'succeeded'],
    ]);
    expect(finished.lastError?.message).toMatch(/worker-a stopped renewing its lease/);

    // Exactly once: one side effect, from the second worker, and nothing runs it again afterwards.
    const effects = () => archive.db.conn.collection(TEST_EFFECTS_COLLECTION).find({ jobId: finished._id }).toArray();
    await new Promise((r) => setTimeout(r, 2_000));
    const done = await effects();
    expect(done.map((e) => [e.attempt, e.pid])).toEqual([[2, second.child.pid]]);
    expect(await archive.db.models.Job.findById(finished._id).lean<JobDoc>()).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(await archive.db.conn.collection('job_claims').countDocuments({ jobId: finished._id })).toBe(0);
    printFigures({ drill: 'worker SIGKILLed mid-job', jobsLost: 0, filesLost: 0, editsLost: 0, secondsToRecover, notes: 'lease 1.5 s; until worker B finished the job' });

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('SIGTERM mid-job releases the job without counting the attempt, and the worker exits cleanly', { timeout: 90_000 }, async () => {
    const { job } = await queue.enqueue('test-slow', { steps: 40, stepMs: 250 });
    const worker = startWorkerProcess(archive, { WORKER_ID: 'worker-c', WORKER_LEASE_MS: '3000', WORKER_STOP_GRACE_MS: '0' });
    await waitUntil('worker C to be mid-job', async () => {
      const doc = await archive.db.models.Job.findById(job._id).lean<JobDoc>();
      return doc?.state === 'running' && doc.progress > 0;
    }, 60_000).catch((err) => {
      worker.child.kill('SIGKILL');
      throw new Error(`${(err as Error).message}\n${worker.output()}`);
    });
    worker.child.kill('SIGTERM');
    expect(await worker.exited, worker.output()).toEqual({ code: 0, signal: null });

    const released = await archive.db.models.Job.findById(job._id).lean<JobDoc>();
    expect(released).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null });
    expect(released!.history.map((h) => [h.attempt, h.workerId, h.outcome])).toEqual([[1, 'worker-c', 'released']]);
    expect(await archive.db.conn.collection(TEST_EFFECTS_COLLECTION).countDocuments({ jobId: new Types.ObjectId(job._id) })).toBe(0);
  });
});
