/** The transcribe job with the real whisper.cpp engine on a tiny generated model (random weights). */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import { keys } from '../../server/src/storage/keys.js';
import { createHandlers } from '../../ingest/src/jobs/handlers.js';
import { JobRunner } from '../../ingest/src/jobs/runner.js';
import { writeTinyModel } from '../../ingest/src/transcription/tiny-model.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';
import { waitUntil } from '../support/worker-process.js';

let archive: TestArchive;
let dir: string;
let modelPath: string;

beforeAll(async () => {
  archive = await startTestArchive();
  dir = await mkdtemp(join(tmpdir(), 'transcribe-job-'));
  modelPath = join(dir, 'ggml-tiny-random.bin');
  await writeTinyModel(modelPath);
}, 120_000);
afterAll(async () => {
  await archive?.close();
  await rm(dir, { recursive: true, force: true });
});

async function speechWav(interviewId: string, masterId: string) {
  const path = join(dir, `${masterId}.wav`);
  await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=3', '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', path]);
  await archive.storage.put(keys.transcriptionWav(interviewId, masterId), await readFile(path), 'audio/wav');
}

async function runTranscribe(whisperModel: string | undefined, interviewId: string, masterId: string) {
  const config = { ...loadConfig({ NODE_ENV: 'test' }), whisperModel };
  const queue = new JobQueue(archive.db.models.Job, { retryBaseMs: 20 });
  const runner = new JobRunner(queue, createHandlers({ models: archive.db.models, config, storage: archive.storage }), {
    workerId: 'transcribe-test', leaseMs: 30_000, idleMinMs: 10, idleMaxMs: 50, log: () => {},
  });
  const running = runner.run();
  try {
    const { job } = await queue.enqueue('transcribe', { interviewId, mediaAssetId: masterId, language: 'kk' }, { interviewId });
    return await waitUntil('the transcribe job to end', async () => {
      const doc = await archive.db.models.Job.findById(job._id).lean<JobDoc>();
      return doc && ['succeeded', 'failed'].includes(doc.state) ? doc : null;
    }, 120_000);
  } finally {
    await runner.stop();
    await running;
  }
}

describe('the transcribe job', () => {
  it('runs whisper.cpp in the interview language and saves an automatic draft', async () => {
    const interviewId = await storedInterview(archive);
    const masterId = new Types.ObjectId().toHexString();
    await speechWav(interviewId, masterId);
    const job = await runTranscribe(modelPath, interviewId, masterId);
    expect(job.state, job.lastError?.message).toBe('succeeded');
    expect(job.result).toMatchObject({ language: 'kk' });
    const transcript = await archive.db.models.Transcript.findOne({ interviewId }).lean();
    expect(transcript).toMatchObject({ language: 'kk', status: 'automatic', source: 'whisper' });
    for (const s of transcript!.segments) {
      expect(s.end).toBeGreaterThan(s.start);
      expect(s.end).toBeLessThanOrEqual(3.5);
    }
    // The temporary WAV is gone once the draft is saved.
    expect(await archive.storage.head(keys.transcriptionWav(interviewId, masterId))).toBeNull();
  }, 180_000);

  it('never overwrites a corrected transcript', async () => {
    const interviewId = await storedInterview(archive);
    const masterId = new Types.ObjectId().toHexString();
    await archive.db.models.Transcript.create({
      interviewId, language: 'kk', status: 'corrected', source: 'manual', segments: [{ start: 0, end: 2, text: 'Түзетілген мәтін' }],
    });
    await speechWav(interviewId, masterId);
    const job = await runTranscribe(modelPath, interviewId, masterId);
    expect(job.result).toMatchObject({ draft: 'kept' });
    const transcript = await archive.db.models.Transcript.findOne({ interviewId }).lean();
    expect(transcript!.segments.map((s) => s.text)).toEqual(['Түзетілген мәтін']);
  }, 180_000);

  it('does not run whisper at all when a person’s transcript in the interview’s language is there (its draft would be kept out)', async () => {
    const interviewId = await storedInterview(archive);
    const masterId = new Types.ObjectId().toHexString();
    await archive.db.models.Transcript.create({
      interviewId, language: 'kk', status: 'approved', source: 'import', segments: [{ start: 0, end: 2, text: 'Бекітілген мәтін' }],
    });
    await speechWav(interviewId, masterId);
    // No model at this path: whisper would fail; the job succeeds because it never starts it.
    const job = await runTranscribe(join(dir, 'no-such-model.bin'), interviewId, masterId);
    expect(job.state, job.lastError?.message).toBe('succeeded');
    expect(job.result).toMatchObject({ language: 'kk', draft: 'kept' });
    expect(await archive.storage.head(keys.transcriptionWav(interviewId, masterId))).toBeNull();
    expect((await archive.db.models.Transcript.find({ interviewId }).lean()).map((t) => t.segments[0]!.text)).toEqual(['Бекітілген мәтін']);
  });

  it('fails with a clear reason, without retrying, when the model is missing', async () => {
    const interviewId = await storedInterview(archive);
    const masterId = new Types.ObjectId().toHexString();
    await speechWav(interviewId, masterId);
    const job = await runTranscribe(join(dir, 'no-such-model.bin'), interviewId, masterId);
    expect(job.state).toBe('failed');
    expect(job.attempts).toBe(1);
    expect(job.lastError?.message).toMatch(/whisper:model|does not exist/);
  }, 180_000);
});
