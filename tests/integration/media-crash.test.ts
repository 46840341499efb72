/**
 * The crash the ingest issue asks for: a worker process SIGKILLed in the middle of a real transcode
 * (ffmpeg running on a two-minute stereo master), a second worker process takes the job over when
 * the lease runs out and finishes it; there is exactly one set of access copies afterwards.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import type { MediaAssetDoc } from '../../server/src/interviews/media-asset.model.js';
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import { keys } from '../../server/src/storage/keys.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { printFigures } from '../support/drills.js';
import { crashMidJob, slowFfmpeg } from '../support/worker-process.js';
import { createInterview, makeFixture, probeJson, sha256 } from './media-support.js';

let archive: TestArchive;
let dir: string;

beforeAll(async () => {
  archive = await startTestArchive();
  dir = await mkdtemp(join(tmpdir(), 'media-crash-'));
});
afterAll(async () => {
  await archive?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** The worker pid in a media temp dir's name (ingest/src/media/object-files.ts), if it names this host. */
const ownerOf = (text: string) => new RegExp(`archive-[a-z]+-${hostname().replace(/[^\w.-]/g, '_')}-(\\d+)-\\w{6}`).exec(text)?.[1];

/** Samples, every 100 ms, ffmpeg processes still working for a worker that is gone. */
function watchOrphanedFfmpeg() {
  const seen = new Map<number, { first: number; last: number }>();
  const timer = setInterval(async () => {
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
      const owner = cmdline.includes('ffmpeg') ? ownerOf(cmdline) : undefined;
      if (!owner || isAlive(Number(owner))) continue;
      const now = Date.now();
      seen.set(Number(entry), { first: seen.get(Number(entry))?.first ?? now, last: now });
    }
  }, 100);
  return {
    stop: () => clearInterval(timer),
    longestMs: () => Math.max(0, ...[...seen.values()].map((s) => s.last - s.first)),
  };
}

async function storedKeys(prefix: string): Promise<string[]> {
  const res = await archive.storage.client.send(new ListObjectsV2Command({ Bucket: archive.storage.bucket, Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

describe('a worker killed mid-transcode', () => {
  it('another worker finishes the access copies, and there is one set of them', { timeout: 150_000 }, async () => {
    const researcher = await archive.userWithRoles([Role.researcher]);
    const interviewId = await createInterview(archive, researcher.token, 'Two minutes of tone', ['ru']);
    // Long enough that ffmpeg runs for seconds, not milliseconds: 120 s, 48 kHz stereo, 23 MB.
    const master = await makeFixture(dir, 'long.wav', ['-f', 'lavfi', '-i', 'sine=frequency=220:duration=120', '-ac', '2', '-ar', '48000']);
    // The upload and verification have tests of their own (media-pipeline): here the master is stored as they leave it.
    const masterId = new Types.ObjectId();
    const key = keys.master(interviewId, masterId.toHexString(), 'long.wav');
    await archive.storage.put(key, master, 'audio/wav');
    await archive.db.models.MediaAsset.create({
      _id: masterId,
      interviewId: new Types.ObjectId(interviewId),
      kind: 'master',
      key,
      fileName: 'long.wav',
      contentType: 'audio/wav',
      size: master.length,
      sha256: sha256(master),
      declaredSha256: sha256(master),
      status: 'ready',
      createdBy: new Types.ObjectId(researcher.id),
    });

    const queue = new JobQueue(archive.db.models.Job);
    const orphans = watchOrphanedFfmpeg();
    const { atKill, killed, finished, second, secondsToRecover } = await crashMidJob(archive, {
      enqueue: async () =>
        (await queue.enqueue('make-access-copies', { mediaAssetId: masterId.toHexString() }, { interviewId, dedupeKey: `make-access-copies:${masterId}` })).job._id.toHexString(),
      // Inside ffmpeg's run (10–85 % of the job), not while downloading or uploading.
      midJob: (job) => /^transcoding /.test(job.progressMessage ?? '') && job.progress > 12 && job.progress < 80,
      leaseMs: 3_000,
      timeoutMs: 120_000,
      // The transcode takes about 30 s in worker A (4× real time), so the kill lands inside it.
      firstWorkerEnv: await slowFfmpeg(4),
    }).finally(orphans.stop);
    try {
      expect(killed.signal).toBe('SIGKILL');
      expect(atKill.progressMessage).toMatch(/^transcoding \d+:\d\d of 2:00/);
      expect(finished.state, finished.lastError?.message).toBe('succeeded');
      expect(finished.history.map((h) => [h.attempt, h.workerId, h.outcome])).toEqual([
        [1, 'worker-a', 'lost'],
        [2, 'worker-b', 'succeeded'],
      ]);

      // One set of copies: one record per kind, one object per key, none left half-made by worker A.
      const copies = await archive.db.models.MediaAsset.find({ derivedFromId: masterId }).sort({ kind: 1 }).lean<MediaAssetDoc[]>();
      expect(copies.map((c) => [c.kind, c.key, c.status])).toEqual([
        ['access_audio', keys.accessAudio(interviewId, masterId.toHexString()), 'ready'],
        ['waveform', keys.waveform(interviewId, masterId.toHexString()), 'ready'],
      ]);
      expect(await storedKeys(`access/${interviewId}/`)).toEqual(copies.map((c) => c.key).sort());
      expect(await storedKeys(`work/transcription/${interviewId}/`)).toEqual([keys.transcriptionWav(interviewId, masterId.toHexString())]);
      expect(await archive.db.models.Job.countDocuments({ interviewId, type: 'index-interview' })).toBe(1);

      // The copy worker B stored is whole: two minutes of stereo AAC.
      const audioPath = join(dir, 'copy.m4a');
      await writeFile(audioPath, await archive.storage.getBytes(copies[0]!.key));
      const probe = await probeJson(audioPath);
      expect(probe.streams).toMatchObject([{ codec_name: 'aac', channels: 2, sample_rate: '48000' }]);
      expect(Math.abs(Number(probe.format.duration) - 120)).toBeLessThan(0.05);
      expect(copies[0]!.sha256).toBe(sha256(new Uint8Array(await archive.storage.getBytes(copies[0]!.key))));

      // Worker A's ffmpeg died with it (parent-death signal) instead of transcoding on as an orphan,
      // and worker B removed A's temp dir (a copy of the master, half a transcode) on its first job.
      expect(orphans.longestMs()).toBeLessThan(500);
      const leftovers = (await readdir(tmpdir())).filter((name) => name.startsWith('archive-') && ownerOf(name) && !isAlive(Number(ownerOf(name))));
      expect(leftovers).toEqual([]);

      // The master was only ever read.
      expect(sha256(await archive.storage.getBytes(key))).toBe(sha256(master));
      printFigures({
        drill: 'worker SIGKILLed mid-transcode',
        jobsLost: 0,
        filesLost: 0,
        editsLost: 0,
        secondsToRecover,
        notes: 'lease 3 s; until worker B had made the access copies again',
      });
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited, second.output()).toEqual({ code: 0, signal: null });
    }
  });
});
