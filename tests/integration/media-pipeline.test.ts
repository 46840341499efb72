/**
 * Upload → verify → probe → access copies, end to end on the real FerretDB, s3rver and Debian's
 * ffmpeg, with fixtures ffmpeg generates: a 3 s tone (WAV) and a 2 s 1080p test picture with sound (MP4).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import type { InterviewDoc } from '../../server/src/interviews/interview.model.js';
import type { MediaAssetDoc } from '../../server/src/interviews/media-asset.model.js';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import { keys } from '../../server/src/storage/keys.js';
import { parseWavHeader } from '../../ingest/src/media/wav.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import {
  createInterview,
  jobEnded,
  makeFixture,
  probeJson,
  sha256,
  topLevelBoxes,
  uploadThroughApi,
  withMediaRunner,
} from './media-support.js';

let archive: TestArchive;
let researcher: { id: string; token: string };
let dir: string;
let tone: Uint8Array;
let clip: Uint8Array;

beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
  dir = await mkdtemp(join(tmpdir(), 'media-pipeline-'));
  tone = await makeFixture(dir, 'tone.wav', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=3']);
  clip = await makeFixture(dir, 'clip.mp4', [
    '-f', 'lavfi', '-i', 'testsrc=duration=2:size=1920x1080:rate=15',
    '-f', 'lavfi', '-i', 'sine=frequency=330:duration=2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-shortest',
  ]);
});
afterAll(async () => {
  await archive?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const asset = (id: string | { toString(): string }) => archive.db.models.MediaAsset.findById(String(id)).lean<MediaAssetDoc>();
const copiesOf = (masterId: string) => archive.db.models.MediaAsset.find({ derivedFromId: masterId }).sort({ kind: 1 }).lean<MediaAssetDoc[]>();

/** A stored copy, downloaded and read by ffprobe. */
async function storedProbe(key: string, name: string) {
  const bytes = await archive.storage.getBytes(key);
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { bytes, probe: await probeJson(path) };
}

describe('media pipeline', () => {
  it('verifies a WAV, probes it, and makes web audio, waveform peaks and the 16 kHz WAV', { timeout: 90_000 }, async () => {
    const interviewId = await createInterview(archive, researcher.token, 'A tone', ['ru']);
    const masterId = await uploadThroughApi(archive, researcher.token, { interviewId, fileName: 'Day one (take 2).wav', contentType: 'audio/wav', bytes: tone });

    await withMediaRunner(archive, {}, async (queue) => {
      const copiesJob = await jobEnded(archive, 'make-access-copies', masterId);
      expect(copiesJob.state, copiesJob.lastError?.message).toBe('succeeded');
      expect(copiesJob.result).toMatchObject({ transcription: expect.stringMatching(/waiting for a model/) });

      const master = await asset(masterId);
      expect(master).toMatchObject({ status: 'ready', error: null, sha256: sha256(tone), kind: 'master' });
      expect(master!.probe).toMatchObject({ container: 'wav', audio: { codec: 'pcm_s16le', channels: 1, sampleRate: 44_100 }, video: null });
      expect(master!.durationSeconds).toBeCloseTo(3, 2);
      const interview = await archive.db.models.Interview.findById(interviewId).lean<InterviewDoc>();
      expect(interview!.durationSeconds).toBeCloseTo(3, 2);
      expect(interview!.provenance).toMatchObject({ sha256: sha256(tone), uploadedAt: expect.any(Date) });

      const copies = await copiesOf(masterId);
      expect(copies.map((c) => [c.kind, c.status, c.key])).toEqual([
        ['access_audio', 'ready', keys.accessAudio(interviewId, masterId)],
        ['waveform', 'ready', keys.waveform(interviewId, masterId)],
      ]);
      const audio = copies[0]!;
      expect(audio).toMatchObject({ contentType: 'audio/mp4', fileName: 'Day one (take 2).m4a' });
      const { bytes: m4a, probe } = await storedProbe(audio.key, 'audio.m4a');
      expect(audio.size).toBe(m4a.length);
      expect(audio.sha256).toBe(sha256(m4a));
      expect(probe.streams).toMatchObject([{ codec_type: 'audio', codec_name: 'aac', channels: 1 }]);
      expect(Math.abs(Number(probe.format.duration) - 3)).toBeLessThan(0.05);
      expect(Math.abs(audio.durationSeconds! - 3)).toBeLessThan(0.05);

      const peaks = JSON.parse(Buffer.from(await archive.storage.getBytes(copies[1]!.key)).toString('utf8'));
      expect(peaks).toMatchObject({ version: 2, channels: 1, bits: 8, sample_rate: 16_000, samples_per_pixel: 1600, length: 30 });
      expect(peaks.data).toHaveLength(60);
      for (let i = 0; i < peaks.data.length; i += 2) expect(peaks.data[i]).toBeLessThanOrEqual(peaks.data[i + 1]);
      // lavfi's sine has amplitude 1/8: about ±16 in 8 bits, never silence, never clipping.
      expect(Math.max(...peaks.data)).toBeGreaterThan(10);
      expect(Math.min(...peaks.data)).toBeLessThan(-10);
      expect(Math.max(...peaks.data.map(Math.abs))).toBeLessThan(40);
      expect(Math.abs(copies[1]!.durationSeconds! - 3)).toBeLessThan(0.05);

      const wav = parseWavHeader(await archive.storage.getBytes(keys.transcriptionWav(interviewId, masterId)));
      expect(wav?.format).toEqual({ audioFormat: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 });
      expect(Math.abs(wav!.data!.size / 32_000 - 3)).toBeLessThan(0.05);

      const jobs = await archive.db.models.Job.find({ interviewId }).sort({ createdAt: 1 }).lean<JobDoc[]>();
      expect(jobs.map((j) => [j.type, j.state])).toEqual([
        ['verify-upload', 'succeeded'],
        ['probe-media', 'succeeded'],
        ['make-access-copies', 'succeeded'],
        ['index-interview', 'queued'],
      ]);

      // Regenerable and idempotent: verifying and copying again changes nothing but the copies' bytes.
      const before = copies.map((c) => c._id.toHexString()).sort();
      await queue.enqueue('verify-upload', { mediaAssetId: masterId }, { interviewId, dedupeKey: `again-verify:${masterId}` });
      const again = await queue.enqueue('make-access-copies', { mediaAssetId: masterId }, { interviewId, dedupeKey: `again-copies:${masterId}` });
      const rerun = await jobEnded(archive, 'make-access-copies', masterId);
      expect(rerun._id.toHexString()).toBe(again.job._id.toHexString());
      expect(rerun.state, rerun.lastError?.message).toBe('succeeded');
      expect(await jobEnded(archive, 'verify-upload', masterId)).toMatchObject({ state: 'succeeded', result: { skipped: 'already verified' } });
      expect((await copiesOf(masterId)).map((c) => c._id.toHexString()).sort()).toEqual(before);
      expect(await archive.db.models.Job.countDocuments({ interviewId, type: 'index-interview' })).toBe(2);
    });
    expect(sha256(await archive.storage.getBytes((await asset(masterId))!.key))).toBe(sha256(tone));
  });

  it('makes a 720p H.264 copy with the index first, and queues transcription in the interview language', { timeout: 120_000 }, async () => {
    const interviewId = await createInterview(archive, researcher.token, 'A test picture', ['kk', 'ru']);
    const masterId = await uploadThroughApi(archive, researcher.token, { interviewId, fileName: 'clip.mp4', contentType: 'video/mp4', bytes: clip });

    await withMediaRunner(archive, { WHISPER_MODEL: '/models/ggml-base.bin' }, async () => {
      const copiesJob = await jobEnded(archive, 'make-access-copies', masterId, 90_000);
      expect(copiesJob.state, copiesJob.lastError?.message).toBe('succeeded');
    });
    const master = await asset(masterId);
    expect(master!.probe).toMatchObject({ video: { codec: 'h264', width: 1920, height: 1080 }, audio: { codec: 'aac', channels: 2 } });
    const copies = await copiesOf(masterId);
    expect(copies.map((c) => c.kind)).toEqual(['access_audio', 'access_video', 'waveform']);
    const video = copies[1]!;
    const { bytes, probe } = await storedProbe(video.key, 'video.mp4');
    const picture = probe.streams.find((s) => s.codec_type === 'video');
    expect(picture).toMatchObject({ codec_name: 'h264', width: 1280, height: 720, profile: 'Main' });
    expect(probe.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', channels: 2 });
    const boxes = topLevelBoxes(bytes);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(Math.abs(Number(probe.format.duration) - master!.durationSeconds!)).toBeLessThan(0.05);
    expect(Math.abs(video.durationSeconds! - master!.durationSeconds!)).toBeLessThan(0.05);
    expect(Math.abs(copies[0]!.durationSeconds! - master!.durationSeconds!)).toBeLessThan(0.05);

    const transcribe = await archive.db.models.Job.find({ interviewId, type: 'transcribe' }).lean<JobDoc[]>();
    expect(transcribe.map((j) => j.payload)).toEqual([{ interviewId, mediaAssetId: masterId, language: 'kk' }]);
    expect(sha256(await archive.storage.getBytes(master!.key))).toBe(sha256(clip));
  });
});
