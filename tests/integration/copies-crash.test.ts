/**
 * A worker process SIGKILLed while it cuts the audience copies after a passage was restricted: while
 * no worker runs, the public is sent nothing (the old cut no longer matches, the new one does not
 * exist: no record, no object), the teacher keeps the copy still right for them, and a second worker
 * finishes the job when the lease runs out. Afterwards there is one whole copy per cut, silent where
 * it must be, and storage holds exactly the objects the records name.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { rangesFingerprint } from '../../server/src/access/withheld.js';
import type { MediaAssetDoc } from '../../server/src/interviews/media-asset.model.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { crashMidJob, slowFfmpeg } from '../support/worker-process.js';
import { createInterview, durationOf, jobEnded, makeFixture, uploadThroughApi, volume, withMediaRunner } from './media-support.js';

let archive: TestArchive;
let dir: string;
let editor: { token: string };
let teacher: { token: string };
let interviewId: string;
let masterId: string;
let masterPath: string;

// Two minutes of tone, so ffmpeg cuts for seconds; 30–60 s is for research from the start.
const PASSAGES = [[0, 30, null], [30, 60, AccessLevel.research], [60, 80, null], [80, 100, null], [100, 120, null]] as const;
const OLD_CUT = rangesFingerprint([{ start: 30, end: 60 }]);
const NEW_PUBLIC_CUT = rangesFingerprint([{ start: 30, end: 60 }, { start: 80, end: 100 }]);

const get = (path: string, token?: string) =>
  fetch(`${archive.url}${path}`, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });

async function served(token?: string): Promise<string> {
  const res = await get(`/api/interviews/${interviewId}/media`, token);
  expect(res.status).toBe(302);
  const file = join(dir, `${new Types.ObjectId().toHexString()}.m4a`);
  await writeFile(file, new Uint8Array(await (await fetch(res.headers.get('location')!)).arrayBuffer()));
  return file;
}

async function storedKeys(): Promise<string[]> {
  const res = await archive.storage.client.send(new ListObjectsV2Command({ Bucket: archive.storage.bucket, Prefix: `access/${interviewId}/` }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  teacher = await archive.userWithRoles([Role.teacher]);
  dir = await mkdtemp(join(tmpdir(), 'copies-crash-'));
  interviewId = await createInterview(archive, editor.token, 'Two minutes, one story restricted', ['kk']);
  await archive.db.models.Interview.updateOne(
    { _id: interviewId },
    { $set: { status: 'published', accessLevel: 'public', release: { permits: 'public', withdrawn: false }, createdBy: new Types.ObjectId() } },
  );
  await archive.db.models.Transcript.create({
    interviewId, language: 'kk', status: 'approved',
    segments: PASSAGES.map(([start, end, accessLevel]) => ({ start, end, text: `${start}–${end} s`, accessLevel })),
  });
  const master = await makeFixture(dir, 'long.wav', ['-f', 'lavfi', '-i', 'sine=frequency=330:duration=120:sample_rate=48000', '-ac', '1']);
  masterPath = join(dir, 'long.wav');
  masterId = await uploadThroughApi(archive, editor.token, { interviewId, fileName: 'long.wav', contentType: 'audio/wav', bytes: master });
  await withMediaRunner(archive, {}, async () => {
    expect((await jobEnded(archive, 'make-access-copies', masterId, 180_000)).state).toBe('succeeded');
  });
}, 240_000);
afterAll(async () => {
  await archive?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a worker killed while cutting the audience copies', () => {
  it('serves no stale or half-made copy meanwhile, and a second worker finishes the cut', { timeout: 200_000 }, async () => {
    // An editor restricts 80–100 s to education: the public's cut must change, the teacher's not.
    const t = (await archive.db.models.Transcript.findOne({ interviewId }).lean())!;
    const edit = await archive.gql(
      `mutation($input: EditTranscriptInput!) { editTranscript(input: $input) { version } }`,
      { input: { id: String(t._id), version: t.version, changes: [{ segmentId: String(t.segments[3]!._id), accessLevel: AccessLevel.education }] } },
      editor.token,
    );
    expect(edit.errors).toBeUndefined();
    const queued = (await archive.db.models.Job.findOne({ type: 'make-access-copies', 'payload.mediaAssetId': masterId, state: 'queued' }).lean())!;
    expect(queued.payload).toMatchObject({ cutsOnly: true });

    const between: Record<string, unknown> = {};
    const { atKill, killed, finished, second } = await crashMidJob(archive, {
      enqueue: async () => String(queued._id),
      midJob: (job) => /^transcoding /.test(job.progressMessage ?? '') && job.progress > 12 && job.progress < 80,
      leaseMs: 3_000,
      timeoutMs: 150_000,
      // The cut takes about 30 s in worker A (4× real time), so the kill lands inside it.
      firstWorkerEnv: await slowFfmpeg(4),
      afterKill: async () => {
        between.public = (await get(`/api/interviews/${interviewId}/media`)).status;
        between.publicPeaks = (await get(`/api/interviews/${interviewId}/peaks.json`)).status;
        between.teacher = (await get(`/api/interviews/${interviewId}/media`, teacher.token)).status;
        between.newCutRecords = await archive.db.models.MediaAsset.countDocuments({ derivedFromId: masterId, restrictionsFingerprint: NEW_PUBLIC_CUT });
        between.newCutObjects = (await storedKeys()).filter((k) => k.includes(NEW_PUBLIC_CUT));
        // What the teacher is sent meanwhile is still silent where research-only speech is.
        between.teacherSilent = (await volume(await served(teacher.token), 30.05, 59.95)).max < -60;
      },
    });
    try {
      expect(killed.signal).toBe('SIGKILL');
      expect(atKill.progressMessage).toMatch(/^transcoding \d+:\d\d of 2:00/);
      expect(between).toEqual({ public: 503, publicPeaks: 503, teacher: 302, newCutRecords: 0, newCutObjects: [], teacherSilent: true });
      expect(finished.state, finished.lastError?.message).toBe('succeeded');
      expect(finished.history.map((h) => [h.attempt, h.workerId, h.outcome])).toEqual([
        [1, 'worker-a', 'lost'],
        [2, 'worker-b', 'succeeded'],
      ]);

      // The public's new copy is whole and silent in both closed passages, unchanged elsewhere.
      const copy = await served();
      expect(Math.abs((await durationOf(copy)) - 120)).toBeLessThan(0.05);
      for (const [from, to] of [[30.05, 59.95], [80.05, 99.95]]) expect((await volume(copy, from!, to!)).max).toBeLessThan(-60);
      for (const [from, to] of [[0.05, 29.95], [60.05, 79.95], [100.05, 119.95]]) {
        expect(Math.abs((await volume(copy, from!, to!)).mean - (await volume(masterPath, from!, to!)).mean)).toBeLessThan(1);
      }
      expect((await volume(await served(teacher.token), 80.05, 99.95)).mean).toBeGreaterThan(-30);

      // One record per kind and cut, and storage holds exactly what the records name: nothing half-made.
      const copies = await archive.db.models.MediaAsset.find({ derivedFromId: masterId }).lean<MediaAssetDoc[]>();
      const names = copies.map((c) => `${c.kind}:${c.restrictionsFingerprint}`).sort();
      const cuts = ['none', OLD_CUT, NEW_PUBLIC_CUT];
      expect(names).toEqual(['access_audio', 'waveform'].flatMap((kind) => cuts.map((fp) => `${kind}:${fp}`)).sort());
      expect(copies.every((c) => c.status === 'ready')).toBe(true);
      expect(await storedKeys()).toEqual(copies.map((c) => c.key).sort());
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited, second.output()).toEqual({ code: 0, signal: null });
    }
  });
});
