/**
 * TEST-ONLY handlers, registered only when the worker runs with ARCHIVE_TEST_HANDLERS=1
 * (tests/integration/worker-crash.test.ts). They stand in for a long transcode: slow, reporting
 * progress, honouring the abort signal, and leaving one record of their side effect so a test can
 * count how many times the work really finished.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Types } from 'mongoose';
import type { Models } from '../../../server/src/db/models.js';
import type { JobHandlers } from './runner.js';

export const TEST_EFFECTS_COLLECTION = 'test_job_effects';

export function testHandlers(models: Models): JobHandlers {
  return {
    'test-slow': async ({ job, payload, reportProgress, signal }) => {
      for (let step = 1; step <= payload.steps; step += 1) {
        await delay(payload.stepMs, undefined, { signal });
        reportProgress((step / payload.steps) * 100, `step ${step} of ${payload.steps}`);
      }
      const effect = { jobId: new Types.ObjectId(job.id), attempt: job.attempt, pid: process.pid, at: new Date() };
      await models.Job.db.collection(TEST_EFFECTS_COLLECTION).insertOne(effect);
      return { status: 'succeeded', result: { steps: payload.steps, attempt: job.attempt, pid: process.pid } };
    },
  };
}
