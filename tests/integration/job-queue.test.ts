import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let researcher: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let editor: Awaited<ReturnType<TestArchive['userWithRoles']>>;
let teacher: Awaited<ReturnType<TestArchive['userWithRoles']>>;

/** A clock the test moves by hand, so leases and backoffs expire without sleeping. */
let now = Date.now();
const advance = (ms: number) => (now += ms);
const queueWith = (options: ConstructorParameters<typeof JobQueue>[1] = {}) =>
  new JobQueue(archive.db.models.Job, { clock: () => new Date(now), random: () => 0.5, ...options });
const stored = (id: string | { toString(): string }) => archive.db.models.Job.findById(String(id)).lean<JobDoc>();

beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
  editor = await archive.userWithRoles([Role.editor]);
  teacher = await archive.userWithRoles([Role.teacher]);
});
afterAll(() => archive?.close());
beforeEach(async () => {
  now = Date.now();
  await archive.db.models.Job.deleteMany({});
  await archive.db.conn.collection('job_claims').deleteMany({});
});

describe('job queue', () => {
  it('enqueue is idempotent by dedupeKey, also when called at the same time', async () => {
    const queue = queueWith();
    const first = await queue.enqueue('verify-upload', { mediaAssetId: 'a1' }, { dedupeKey: 'verify-upload:a1' });
    const again = await queue.enqueue('verify-upload', { mediaAssetId: 'a1' }, { dedupeKey: 'verify-upload:a1' });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false });
    expect(again.job._id.toHexString()).toBe(first.job._id.toHexString());

    const racing = await Promise.all(Array.from({ length: 8 }, () => queue.enqueue('probe-media', { mediaAssetId: 'a2' }, { dedupeKey: 'probe:a2' })));
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.job._id.toHexString())).size).toBe(1);

    // Without a key every job gets a random one: two enqueues, two jobs.
    await queue.enqueue('sweep-sessions', {});
    await queue.enqueue('sweep-sessions', {});
    expect(await archive.db.models.Job.countDocuments({ type: 'sweep-sessions' })).toBe(2);
    expect(first.job).toMatchObject({ state: 'queued', attempts: 0, maxAttempts: 5, progress: 0 });
  });

  it('20 workers leasing at once over 10 jobs never get the same job', async () => {
    const queue = queueWith();
    for (let i = 0; i < 10; i += 1) await queue.enqueue('index-interview', { interviewId: `i${i}` });
    const leases = await Promise.all(Array.from({ length: 20 }, (_, i) => queue.lease(`w${i}`, ['index-interview'], 30_000)));
    const taken = leases.filter((l) => l !== null);
    expect(new Set(taken.map((l) => l.id)).size).toBe(taken.length);
    expect(taken).toHaveLength(10);

    // Every lease holds: each heartbeat succeeds, and afterwards the stored owner is the holder.
    expect(await Promise.all(taken.map((l) => queue.heartbeat(l.lease, 30_000)))).toEqual(taken.map(() => true));
    const docs = await archive.db.models.Job.find({}).lean<JobDoc[]>();
    expect(docs.every((d) => d.state === 'running' && d.attempts === 1 && d.leaseSeq === 1)).toBe(true);
    const owner = new Map(taken.map((l) => [l.id, l.lease.workerId]));
    expect(docs.every((d) => d.leaseOwner === owner.get(d._id.toHexString()))).toBe(true);
    expect(await queue.lease('late', ['index-interview'], 30_000)).toBeNull();
  });

  it('a heartbeat keeps the lease; without one it expires and another worker takes the job over', async () => {
    const queue = queueWith();
    const { job } = await queue.enqueue('transcribe', { interviewId: 'i', mediaAssetId: 'm', language: 'kk' });
    const a = (await queue.lease('worker-a', ['transcribe'], 1_000))!;
    expect(a).toMatchObject({ id: job._id.toHexString(), attempt: 1, maxAttempts: 3, payload: { language: 'kk' } });

    advance(800);
    expect(await queue.heartbeat(a.lease, 1_000)).toBe(true);
    advance(800); // 1.6 s after the lease, 0.8 s after the heartbeat
    expect(await queue.lease('worker-b', ['transcribe'], 1_000)).toBeNull();

    advance(300); // the renewed lease has run out
    const b = (await queue.lease('worker-b', ['transcribe'], 1_000))!;
    expect(b).toMatchObject({ id: a.id, attempt: 2 });
    expect(await queue.heartbeat(a.lease, 1_000)).toBe(false);
    expect(await queue.progress(a.lease, { percent: 90 })).toBe(false);
    expect(await queue.complete(a.lease, { status: 'succeeded' })).toBe(false);
    expect(await queue.fail(a.lease, new Error('late'))).toBe('lost');

    expect(await queue.complete(b.lease, { status: 'succeeded', result: { segments: 12 } })).toBe(true);
    const done = await stored(a.id);
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2, result: { segments: 12 }, leaseOwner: null, progress: 100 });
    expect(done!.history.map((h) => [h.attempt, h.workerId, h.outcome])).toEqual([
      [1, 'worker-a', 'lost'],
      [2, 'worker-b', 'succeeded'],
    ]);
  });

  it('retries with exponential backoff, then fails after maxAttempts with the error kept', async () => {
    const queue = queueWith({ retryBaseMs: 1_000 });
    const { job } = await queue.enqueue('probe-media', { mediaAssetId: 'm' }, { maxAttempts: 3 });
    const attempt = async () => (await queue.lease('w', ['probe-media'], 10_000))!;

    expect(await queue.fail((await attempt()).lease, new Error('storage unreachable'))).toBe('retrying');
    // random() = 0.5: half the ceiling fixed plus a quarter, so 750 ms after attempt 1, 1500 ms after attempt 2.
    expect((await stored(job._id))!.runAt.getTime()).toBe(now + 750);
    expect(await queue.lease('w', ['probe-media'], 10_000)).toBeNull();
    advance(750);
    const second = await attempt();
    expect(second.attempt).toBe(2);
    expect(await queue.fail(second.lease, new Error('storage unreachable'))).toBe('retrying');
    expect((await stored(job._id))!.runAt.getTime()).toBe(now + 1_500);
    advance(1_500);
    const third = await attempt();
    expect(await queue.fail(third.lease, new Error('ffprobe: Invalid data found when processing input'))).toBe('failed');

    const failed = await stored(job._id);
    expect(failed).toMatchObject({
      state: 'failed',
      attempts: 3,
      lastError: { message: 'ffprobe: Invalid data found when processing input', attempt: 3 },
    });
    expect(failed!.finishedAt).toBeInstanceOf(Date);
    expect(failed!.history.map((h) => h.outcome)).toEqual(['failed', 'failed', 'failed']);
    advance(60_000);
    expect(await queue.lease('w', ['probe-media'], 10_000)).toBeNull();

    // A permanent failure does not wait for the remaining attempts.
    await queue.enqueue('verify-upload', { mediaAssetId: 'x' });
    const verify = (await queue.lease('w', ['verify-upload'], 10_000))!;
    expect(await queue.fail(verify.lease, new Error('SHA-256 does not match'), { permanent: true })).toBe('failed');
    expect(queue.backoffMs(30)).toBe(Math.round(15 * 60_000 * 0.75));
  });

  it('stores progress, clamped to 0–100; heartbeats carry the latest', async () => {
    const queue = queueWith();
    const { job } = await queue.enqueue('make-access-copies', { mediaAssetId: 'm' });
    const leased = (await queue.lease('w', ['make-access-copies'], 10_000))!;
    expect(await queue.progress(leased.lease, { percent: 42.4, message: 'web audio: 42%' })).toBe(true);
    expect(await stored(job._id)).toMatchObject({ progress: 42, progressMessage: 'web audio: 42%' });
    expect(await queue.heartbeat(leased.lease, 10_000, { percent: 140, message: 'waveform' })).toBe(true);
    expect(await stored(job._id)).toMatchObject({ progress: 100, progressMessage: 'waveform' });
  });

  it('release gives the attempt back; cancel stops a running job at its next heartbeat', async () => {
    const queue = queueWith();
    const { job } = await queue.enqueue('index-interview', { interviewId: 'i' });
    const first = (await queue.lease('w', ['index-interview'], 10_000))!;
    expect(await queue.release(first.lease)).toBe(true);
    expect(await stored(job._id)).toMatchObject({ state: 'queued', attempts: 0 });

    const second = (await queue.lease('w', ['index-interview'], 10_000))!;
    expect(second.attempt).toBe(1);
    expect(await queue.cancel(job._id.toHexString())).toMatchObject({ state: 'cancelled' });
    expect(await queue.heartbeat(second.lease, 10_000)).toBe(false);
    expect(await queue.complete(second.lease, { status: 'succeeded' })).toBe(false);
    expect(await stored(job._id)).toMatchObject({ state: 'cancelled' });
  });

  it('a job whose worker dies on its last attempt fails instead of killing the next worker', async () => {
    const queue = queueWith();
    const { job } = await queue.enqueue('transcribe', { interviewId: 'i', mediaAssetId: 'm', language: null }, { maxAttempts: 1 });
    await queue.lease('crashing', ['transcribe'], 1_000);
    advance(1_001);
    expect(await queue.lease('next', ['transcribe'], 1_000)).toBeNull();
    expect(await stored(job._id)).toMatchObject({ state: 'failed', attempts: 1, lastError: { attempt: 1 } });
  });
});

describe('pipeline in the API', () => {
  const PIPELINE = `query($id: ID!) { interview(id: $id) { id pipeline { id type state progress progressMessage attempts maxAttempts lastError createdAt updatedAt finishedAt } } }`;
  const RETRY = `mutation($id: ID!) { retryJob(id: $id) { id state attempts lastError finishedAt } }`;

  /** A failed verify-upload of the interview, or a failed housekeeping job without one. */
  async function failedJobOf(interviewId: string | null) {
    const queue = new JobQueue(archive.db.models.Job);
    const { job } = interviewId
      ? await queue.enqueue('verify-upload', { mediaAssetId: 'm' }, { interviewId, maxAttempts: 1 })
      : await queue.enqueue('sweep-sessions', {}, { maxAttempts: 1 });
    const leased = (await queue.lease('w', [job.type as 'verify-upload' | 'sweep-sessions'], 10_000))!;
    expect(leased.id).toBe(job._id.toHexString());
    await queue.fail(leased.lease, new Error('The file is not audio or video'));
    return job._id.toHexString();
  }

  it('retryJob: the uploader and editors restart a failed step; anyone else hears NOT_FOUND', async () => {
    const interviewId = await storedInterview(archive, { createdBy: researcher.id, status: 'draft', accessLevel: 'private' });
    const jobId = await failedJobOf(interviewId);

    const byTeacher = await archive.gql(RETRY, { id: jobId }, teacher.token);
    expect(byTeacher.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await archive.gql(RETRY, { id: jobId })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await stored(jobId)).toMatchObject({ state: 'failed' });

    const byUploader = await archive.gql(RETRY, { id: jobId }, researcher.token);
    expect(byUploader.errors).toBeUndefined();
    expect(byUploader.data!.retryJob).toEqual({ id: jobId, state: 'queued', attempts: 0, lastError: null, finishedAt: null });
    expect((await stored(jobId))!.history.map((h) => h.outcome)).toEqual(['failed']);
    const again = await archive.gql(RETRY, { id: jobId }, researcher.token);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await archive.db.models.AuditEvent.countDocuments({ action: 'job.retry' })).toBe(1);

    // A housekeeping job has no uploader: editors only.
    const sweep = await failedJobOf(null);
    expect((await archive.gql(RETRY, { id: sweep }, researcher.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await archive.gql(RETRY, { id: sweep }, editor.token)).data?.retryJob.state).toBe('queued');
    expect((await archive.gql(RETRY, { id: '0123456789abcdef01234567' }, editor.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('Interview.pipeline: the uploader and editors see the steps, the public gets null', async () => {
    const interviewId = await storedInterview(archive, { createdBy: researcher.id });
    const jobId = await failedJobOf(interviewId);
    await new JobQueue(archive.db.models.Job).enqueue('probe-media', { mediaAssetId: 'm' }, { interviewId });

    const asUploader = await archive.gql(PIPELINE, { id: interviewId }, researcher.token);
    expect(asUploader.errors).toBeUndefined();
    const steps = asUploader.data!.interview.pipeline;
    expect(steps.map((s: any) => [s.type, s.state])).toEqual([
      ['verify-upload', 'failed'],
      ['probe-media', 'queued'],
    ]);
    expect(steps[0]).toMatchObject({ id: jobId, attempts: 1, maxAttempts: 1, lastError: 'The file is not audio or video', progress: 0 });
    expect(steps[0].finishedAt).not.toBeNull();

    expect((await archive.gql(PIPELINE, { id: interviewId }, editor.token)).data!.interview.pipeline).toHaveLength(2);
    const asPublic = await archive.gql(PIPELINE, { id: interviewId });
    expect(asPublic.errors).toBeUndefined();
    expect(asPublic.data!.interview).toEqual({ id: interviewId, pipeline: null });
    expect((await archive.gql(PIPELINE, { id: interviewId }, teacher.token)).data!.interview.pipeline).toBeNull();
  });

  it('a list of interviews loads all their pipelines in one query', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const id = await storedInterview(archive, { createdBy: researcher.id, title: `batch ${i}` });
      await new JobQueue(archive.db.models.Job).enqueue('index-interview', { interviewId: id }, { interviewId: id });
      ids.push(id);
    }
    const finds: unknown[] = [];
    const client = archive.db.conn.getClient();
    const onCommand = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'find' && event.command.find === 'jobs') finds.push(event.command.filter);
    };
    client.on('commandStarted', onCommand);
    const res = await archive.gql(`{ interviews(first: 50) { nodes { id pipeline { type } } } }`, {}, editor.token);
    client.off('commandStarted', onCommand);
    expect(res.errors).toBeUndefined();
    const mine = res.data!.interviews.nodes.filter((n: any) => ids.includes(n.id));
    expect(mine.map((n: any) => n.pipeline)).toEqual(ids.map(() => [{ type: 'index-interview' }]));
    expect(finds).toHaveLength(1);
  });
});
