/** The worker's loop in-process (real database, no child process): what handlers return, and aborts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { Role } from '../../server/src/access/levels.js';
import { loadConfig } from '../../server/src/config.js';
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import { createHandlers } from '../../ingest/src/jobs/handlers.js';
import { JobRunner, LeaseLostError, PermanentJobError, type JobHandlers } from '../../ingest/src/jobs/runner.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { waitUntil } from '../support/worker-process.js';

let archive: TestArchive;
let editor: Awaited<ReturnType<TestArchive['userWithRoles']>>;
const stored = (id: string | { toString(): string }) => archive.db.models.Job.findById(String(id)).lean<JobDoc>();

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
});
afterAll(() => archive?.close());

describe('runner (in-process)', () => {
  const quiet = () => {};
  const finished = (id: unknown) =>
    waitUntil(`job ${String(id)} to end`, async () => {
      const doc = await stored(String(id));
      return doc && ['succeeded', 'failed', 'cancelled'].includes(doc.state) ? doc : null;
    }, 10_000);

  async function withRunner(handlers: JobHandlers, body: (queue: JobQueue) => Promise<void>) {
    const queue = new JobQueue(archive.db.models.Job, { retryBaseMs: 20 });
    const runner = new JobRunner(queue, handlers, { workerId: 'in-process', leaseMs: 400, idleMinMs: 10, idleMaxMs: 50, log: quiet });
    const running = runner.run();
    try {
      await body(queue);
    } finally {
      await runner.stop();
      await running;
    }
  }

  it('records what handlers return: a result, a skip with its reason, a retried throw, a permanent failure', async () => {
    let flaky = 0;
    await withRunner(
      {
        'probe-media': async ({ payload, reportProgress }) => {
          reportProgress(50, 'reading streams');
          if (payload.mediaAssetId === 'skip') return { status: 'skipped', reason: 'already probed' };
          return { status: 'succeeded', result: { durationSeconds: 61.5 } };
        },
        'index-interview': async () => {
          flaky += 1;
          if (flaky < 3) throw new Error(`search index busy (${flaky})`);
          return { status: 'succeeded' };
        },
        'verify-upload': async () => {
          throw new PermanentJobError('SHA-256 does not match the one the client sent');
        },
      },
      async (queue) => {
        const ok = await queue.enqueue('probe-media', { mediaAssetId: 'm' });
        const skip = await queue.enqueue('probe-media', { mediaAssetId: 'skip' });
        const retried = await queue.enqueue('index-interview', { interviewId: 'i' });
        const bad = await queue.enqueue('verify-upload', { mediaAssetId: 'x' });
        expect(await finished(ok.job._id)).toMatchObject({ state: 'succeeded', result: { durationSeconds: 61.5 }, progress: 100 });
        expect(await finished(skip.job._id)).toMatchObject({ state: 'succeeded', result: { skipped: 'already probed' }, progressMessage: 'Skipped: already probed' });
        const third = await finished(retried.job._id);
        expect(third).toMatchObject({ state: 'succeeded', attempts: 3, lastError: { message: 'search index busy (2)', attempt: 2 } });
        expect(third.history.map((h) => h.outcome)).toEqual(['failed', 'failed', 'succeeded']);
        expect(await finished(bad.job._id)).toMatchObject({ state: 'failed', attempts: 1, lastError: { message: 'SHA-256 does not match the one the client sent' } });
      },
    );
  });

  it('cancelling a running job aborts its handler at the next heartbeat; the result is not recorded', async () => {
    let reason: unknown;
    await withRunner(
      {
        transcribe: ({ signal }) =>
          new Promise((_ok, fail) => {
            signal.addEventListener('abort', () => {
              reason = signal.reason;
              fail(signal.reason);
            });
          }),
      },
      async (queue) => {
        const { job } = await queue.enqueue('transcribe', { interviewId: 'i', mediaAssetId: 'm', language: 'ru' });
        await waitUntil('the job to run', async () => (await stored(job._id))?.state === 'running');
        await queue.cancel(job._id.toHexString());
        await waitUntil('the handler to be aborted', async () => reason !== undefined, 5_000);
        expect(reason).toBeInstanceOf(LeaseLostError);
        await new Promise((r) => setTimeout(r, 200));
        expect(await stored(job._id)).toMatchObject({ state: 'cancelled', history: [] });
      },
    );
  });

  it('sweep-sessions, the first real handler, removes expired sessions', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const expired = await archive.db.models.Session.create({
      // Shaped as a session from before sessions were keyed by their token's hash: the sweep removes both kinds.
      _id: new Types.ObjectId(),
      tokenHash: `expired-${Date.now()}`,
      userId: new Types.ObjectId(),
      createdAt: new Date(Date.now() - 2 * 86_400_000),
      expiresAt: new Date(Date.now() - 86_400_000),
    });
    const handlers = createHandlers({ models: archive.db.models, config, storage: archive.storage });
    expect(Object.keys(handlers)).toContain('sweep-sessions');
    await withRunner(handlers, async (queue) => {
      const { job } = await queue.enqueue('sweep-sessions', {}, { dedupeKey: 'sweep-sessions:test' });
      expect(await finished(job._id)).toMatchObject({ state: 'succeeded', result: { removedSessions: 1 } });
    });
    expect(await archive.db.models.Session.findById(expired._id)).toBeNull();
    // The signed-in users of this file still have their sessions.
    expect((await archive.gql('{ me { id } }', {}, editor.token)).data?.me?.id).toBe(editor.id);
  });
});
