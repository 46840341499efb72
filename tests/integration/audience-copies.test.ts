/**
 * Consent in what people hear: a real recording made here (one tone per passage), restricted
 * passages at the education and research levels, and each viewer's copy measured with ffmpeg's
 * volumedetect: silent in every passage closed to them, unchanged elsewhere, same duration.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import type { MediaAssetDoc } from '../../server/src/interviews/media-asset.model.js';
import { CopySchedule } from '../../server/src/media/copy-schedule.js';
import { ANONYMOUS } from '../../server/src/access/actor.js';
import { MEDIA_LINK_SECONDS } from '../../server/src/exports/export.service.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { createInterview, durationOf, jobEnded, makeFixture, uploadThroughApi, volume, withMediaRunner } from './media-support.js';

const run = promisify(execFile);
let archive: TestArchive;
let dir: string;
let editor: { id: string; token: string };
let teacher: { token: string };
let researcher: { token: string };

// Four passages of 3 s, each its own tone: open, education, research, open.
const PASSAGES = [
  { start: 0, end: 3, level: null, hz: 440 },
  { start: 3, end: 6, level: AccessLevel.education, hz: 550 },
  { start: 6, end: 9, level: AccessLevel.research, hz: 660 },
  { start: 9, end: 12, level: null, hz: 770 },
] as const;
const DURATION = 12;

/** The viewer's copy, through the stable media URL (302 to a presigned link), saved to disk. */
async function servedCopy(path: string, token?: string): Promise<{ status: number; file?: string; location?: string }> {
  const res = await fetch(`${archive.url}${path}`, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.status !== 302) return { status: res.status };
  const location = res.headers.get('location')!;
  const bytes = new Uint8Array(await (await fetch(location)).arrayBuffer());
  const file = join(dir, `${new Types.ObjectId().toHexString()}.bin`);
  await writeFile(file, bytes);
  return { status: 302, file, location };
}

async function publishedInterviewWithRecording(name: string, master: Uint8Array, fileName: string, contentType: string) {
  const id = await createInterview(archive, editor.token, name, ['kk']);
  await archive.db.models.Interview.updateOne(
    { _id: id },
    {
      $set: {
        status: 'published', accessLevel: 'public', release: { permits: 'public', withdrawn: false },
        // Someone else uploaded it: the editor hears the full copy as an editor, not as the owner.
        createdBy: new Types.ObjectId(),
        indexSegments: [{ start: 0, end: null, title: { en: 'All' }, keywords: [] }],
      },
    },
  );
  await archive.db.models.Transcript.create({
    interviewId: id, language: 'kk', status: 'approved',
    segments: PASSAGES.map((p) => ({ start: p.start, end: p.end, text: `${p.hz} Hz`, accessLevel: p.level })),
  });
  const assetId = await uploadThroughApi(archive, editor.token, { interviewId: id, fileName, contentType, bytes: master });
  return { id, assetId };
}

let audio: { id: string; assetId: string };
let masterPath: string;

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  teacher = await archive.userWithRoles([Role.teacher]);
  researcher = await archive.userWithRoles([Role.researcher]);
  dir = await mkdtemp(join(tmpdir(), 'audience-copies-'));
  const tones = PASSAGES.map((p) => ['-f', 'lavfi', '-i', `sine=frequency=${p.hz}:duration=3:sample_rate=48000`]).flat();
  const concat = `${PASSAGES.map((_, i) => `[${i}:a]`).join('')}concat=n=${PASSAGES.length}:v=0:a=1`;
  const master = await makeFixture(dir, 'master.wav', [...tones, '-filter_complex', concat, '-ac', '1']);
  masterPath = join(dir, 'master.wav');
  audio = await publishedInterviewWithRecording('Tones', master, 'tones.wav', 'audio/wav');
  await withMediaRunner(archive, {}, async () => {
    const job = await jobEnded(archive, 'make-access-copies', audio.assetId, 120_000);
    expect(job.state, JSON.stringify(job)).toBe('succeeded');
  });
}, 240_000);
afterAll(async () => {
  await archive?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Which passages each audience must not hear. */
const CLOSED = {
  anonymous: [1, 2],
  teacher: [2],
  researcher: [] as number[],
  editor: [] as number[],
} as const;

async function expectCut(file: string, closed: readonly number[]) {
  expect(Math.abs((await durationOf(file)) - DURATION)).toBeLessThan(0.05);
  for (const [i, p] of PASSAGES.entries()) {
    // 50 ms inside each passage: the AAC codec's frame overlap blurs the boundary itself.
    const got = await volume(file, p.start + 0.05, p.end - 0.05);
    if (closed.includes(i)) expect(got.max, `passage ${i} must be silent`).toBeLessThan(-60);
    else {
      const original = await volume(masterPath, p.start + 0.05, p.end - 0.05);
      expect(Math.abs(got.mean - original.mean), `passage ${i} must be unchanged`).toBeLessThan(1);
    }
  }
}

describe('access copies per audience', () => {
  it('makes one cut per distinct set of withheld passages, each recording its fingerprint', async () => {
    const copies = await archive.db.models.MediaAsset.find({ derivedFromId: audio.assetId, kind: 'access_audio' }).lean<MediaAssetDoc[]>();
    const byAudience = Object.fromEntries(copies.map((c) => [c.audience, c.restrictionsFingerprint]));
    expect(Object.keys(byAudience).sort()).toEqual(['education', 'full', 'public']);
    expect(byAudience.full).toBe('none');
    expect(new Set(Object.values(byAudience)).size).toBe(3);
  });

  it.each(Object.entries(CLOSED))('serves %s the copy silent exactly in the passages closed to them', async (who, closed) => {
    const token = { anonymous: undefined, teacher: teacher.token, researcher: researcher.token, editor: editor.token }[who as keyof typeof CLOSED];
    const served = await servedCopy(`/api/interviews/${audio.id}/media`, token);
    expect(served.status).toBe(302);
    await expectCut(served.file!, closed);
  });

  it('an embed (?as=public) and a class link get the copies of the public and of a teacher, whoever asks', async () => {
    await expectCut((await servedCopy(`/api/interviews/${audio.id}/media?as=public`, editor.token)).file!, CLOSED.anonymous);
    // A class link plays what a teacher may hear: the research passage silenced.
    const lesson = await archive.gql(
      `mutation($input: CreateCollectionInput!) { createCollection(input: $input) { id } }`,
      { input: { slug: 'tones-lesson', title: { en: 'Lesson' }, audience: 'school', blocks: [{ type: 'clip', interviewId: audio.id, start: 0, end: 12, caption: { en: 'All' } }] } },
      teacher.token,
    );
    expect(lesson.errors).toBeUndefined();
    const link = await archive.gql(`mutation($id: ID!) { createClassLink(collectionId: $id) { url } }`, { id: lesson.data!.createCollection.id }, teacher.token);
    expect(link.errors).toBeUndefined();
    const token = (link.data!.createClassLink.url as string).split('/class/')[1]!;
    const opened = await archive.gql(`query($t: String!) { classLesson(token: $t) { blocks { id } } }`, { t: token });
    expect(opened.errors).toBeUndefined();
    const blockId = opened.data!.classLesson.blocks[0].id;
    await expectCut((await servedCopy(`/api/class/${token}/clips/${blockId}/media`)).file!, CLOSED.teacher);
  });

  it('issues links that live a minute; storage refuses a link past its lifetime, and the stable URL gives a new one', async () => {
    const res = await fetch(`${archive.url}/api/interviews/${audio.id}/media`, { redirect: 'manual' });
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(new URL(res.headers.get('location')!).searchParams.get('X-Amz-Expires')).toBe(String(MEDIA_LINK_SECONDS));
    const short = await archive.api.services.exports.mediaUrl(ANONYMOUS, audio.id, undefined, 1);
    expect((await fetch(short, { headers: { range: 'bytes=0-99' } })).status).toBe(206);
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await fetch(short, { headers: { range: 'bytes=100-199' } })).status).toBe(403);
    const renewed = await fetch(`${archive.url}/api/interviews/${audio.id}/media`, { redirect: 'manual' });
    expect((await fetch(renewed.headers.get('location')!, { headers: { range: 'bytes=100-199' } })).status).toBe(206);
  });

  it('draws the public waveform flat where the passages are silenced', async () => {
    const res = await fetch(`${archive.url}/api/interviews/${audio.id}/peaks.json`);
    expect(res.status).toBe(200);
    const peaks = (await res.json()) as { sample_rate: number; samples_per_pixel: number; data: number[] };
    const perSecond = peaks.sample_rate / peaks.samples_per_pixel;
    const maxIn = (from: number, to: number) => {
      let m = 0;
      for (let px = Math.ceil(from * perSecond); px < Math.floor(to * perSecond); px += 1) m = Math.max(m, Math.abs(peaks.data[2 * px]!), Math.abs(peaks.data[2 * px + 1]!));
      return m;
    };
    expect(maxIn(3.1, 8.9)).toBe(0);
    expect(maxIn(0.1, 2.9)).toBeGreaterThan(8);
    expect(maxIn(9.1, 11.9)).toBeGreaterThan(8);
  });
});

describe('a video interview', () => {
  it('cuts the picture to a restricted-passage card and the sound to silence, for the public', async () => {
    const master = await makeFixture(dir, 'clip.mp4', [
      '-f', 'lavfi', '-i', 'testsrc=duration=12:size=640x360:rate=15',
      '-f', 'lavfi', '-i', `sine=frequency=440:duration=12:sample_rate=48000`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
    ]);
    const video = await publishedInterviewWithRecording('Picture', master, 'clip.mp4', 'video/mp4');
    await withMediaRunner(archive, {}, async () => {
      const job = await jobEnded(archive, 'make-access-copies', video.assetId, 180_000);
      expect(job.state, JSON.stringify(job)).toBe('succeeded');
    });
    const served = await servedCopy(`/api/interviews/${video.id}/media`);
    expect(served.status).toBe(302);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', served.file!]);
    expect(stdout.trim().split('\n').sort()).toEqual(['audio', 'video']);
    expect(Math.abs((await durationOf(served.file!)) - DURATION)).toBeLessThan(0.05);
    expect((await volume(served.file!, 3.05, 8.95)).max).toBeLessThan(-60);
    expect((await volume(served.file!, 0.05, 2.95)).mean).toBeGreaterThan(-30);
    // The card: a frame inside the closed passage is mostly the card's dark grey, an open one is the test picture.
    const frameAt = async (t: number) => {
      const { stdout: out } = await run('ffmpeg', ['-v', 'error', '-ss', String(t), '-i', served.file!, '-frames:v', '1', '-vf', 'scale=16:9,format=gray', '-f', 'rawvideo', '-'], { encoding: 'buffer' });
      return [...(out as unknown as Buffer)];
    };
    const dark = (px: number[]) => px.filter((v) => v < 0x40).length / px.length;
    expect(dark(await frameAt(5))).toBeGreaterThan(0.8);
    expect(dark(await frameAt(1))).toBeLessThan(0.5);
    const editorCopy = await servedCopy(`/api/interviews/${video.id}/media`, editor.token);
    expect((await volume(editorCopy.file!, 3.05, 8.95)).mean).toBeGreaterThan(-30);
  }, 240_000);
});

describe('restrictions change; copies follow', () => {
  const transcriptOf = async (id: string) => (await archive.db.models.Transcript.findOne({ interviewId: id }).lean())!;
  async function setLevel(id: string, passage: number, level: AccessLevel | null) {
    const t = await transcriptOf(id);
    const res = await archive.gql(
      `mutation($input: EditTranscriptInput!) { editTranscript(input: $input) { version } }`,
      { input: { id: String(t._id), version: t.version, changes: [{ segmentId: String(t.segments[passage]!._id), accessLevel: level }] } },
      editor.token,
    );
    expect(res.errors).toBeUndefined();
  }
  const latestCopiesJob = () =>
    archive.db.models.Job.findOne({ type: 'make-access-copies', 'payload.mediaAssetId': audio.assetId }).sort({ createdAt: -1, _id: -1 }).lean();

  it('restricting a passage: from that moment nobody below the level is sent an audible copy; the job cuts a new one', async () => {
    await setLevel(audio.id, 3, AccessLevel.research);
    // The job is queued durably, and a save that changes nothing queues no second one.
    const queued = await latestCopiesJob();
    expect(queued).toMatchObject({ state: 'queued', payload: { mediaAssetId: audio.assetId, cutsOnly: true } });
    await new CopySchedule(archive.db.models, archive.storage).restrictionsChanged(audio.id);
    expect(String((await latestCopiesJob())!._id)).toBe(String(queued!._id));

    for (const token of [undefined, teacher.token]) {
      const res = await fetch(`${archive.url}/api/interviews/${audio.id}/media`, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect(res.status).toBe(503);
      expect((await fetch(`${archive.url}/api/interviews/${audio.id}/peaks.json`, { headers: token ? { authorization: `Bearer ${token}` } : {} })).status).toBe(503);
    }
    const page = await archive.gql(`query($id: ID!) { interview(id: $id) { playbackUrl playbackPreparing } }`, { id: audio.id });
    expect(page.data?.interview).toEqual({ playbackUrl: null, playbackPreparing: true });
    // The researcher's copy did not change: still served.
    expect((await servedCopy(`/api/interviews/${audio.id}/media`, researcher.token)).status).toBe(302);

    await withMediaRunner(archive, {}, async () => {
      await waitUntilJobEnds(String(queued!._id));
    });
    await expectCut((await servedCopy(`/api/interviews/${audio.id}/media`)).file!, [1, 2, 3]);
    await expectCut((await servedCopy(`/api/interviews/${audio.id}/media`, teacher.token)).file!, [2, 3]);
  }, 180_000);

  it('opening it again gives the passage back once the job has cut the copies again', async () => {
    await setLevel(audio.id, 3, null);
    const queued = await latestCopiesJob();
    expect(queued?.state).toBe('queued');
    expect((await fetch(`${archive.url}/api/interviews/${audio.id}/media`, { redirect: 'manual' })).status).toBe(503);
    await withMediaRunner(archive, {}, async () => {
      await waitUntilJobEnds(String(queued!._id));
    });
    await expectCut((await servedCopy(`/api/interviews/${audio.id}/media`)).file!, [1, 2]);
    // Cuts nobody is sent to any more are gone, records and objects.
    const cuts = await archive.db.models.MediaAsset.find({ derivedFromId: audio.assetId, kind: 'access_audio' }).lean<MediaAssetDoc[]>();
    expect(cuts.map((c) => c.audience).sort()).toEqual(['education', 'full', 'public']);
  }, 180_000);

  it('withdrawal removes every access copy (the master stays) and every media path answers as missing', async () => {
    const before = await archive.db.models.MediaAsset.find({ interviewId: audio.id, kind: { $ne: 'master' } }).lean<MediaAssetDoc[]>();
    expect(before.length).toBeGreaterThan(0);
    const { version } = (await archive.db.models.Interview.findById(audio.id).lean())! as { version: number };
    const res = await archive.gql(`mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { id } }`, { input: { id: audio.id, version, reason: 'The narrator asked.' } }, editor.token);
    expect(res.errors).toBeUndefined();
    expect(await archive.db.models.MediaAsset.countDocuments({ interviewId: audio.id, kind: { $in: ['access_audio', 'access_video', 'waveform'] } })).toBe(0);
    for (const copy of before) expect(await archive.storage.head(copy.key)).toBeNull();
    expect(await archive.db.models.MediaAsset.countDocuments({ _id: audio.assetId, kind: 'master' })).toBe(1);
    const missing = new Types.ObjectId().toHexString();
    for (const path of ['media', 'peaks.json']) {
      for (const token of [undefined, teacher.token, researcher.token]) {
        const got = await fetch(`${archive.url}/api/interviews/${audio.id}/${path}`, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
        const none = await fetch(`${archive.url}/api/interviews/${missing}/${path}`, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
        expect([got.status, (await got.json() as any).detail]).toEqual([none.status, (await none.json() as any).detail]);
      }
    }
    expect((await fetch(`${archive.url}/iiif/interviews/${audio.id}/manifest.json`)).status).toBe(404);
  });
});

async function waitUntilJobEnds(jobId: string) {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const job = await archive.db.models.Job.findById(jobId).lean();
    if (job && (job.state === 'succeeded' || job.state === 'failed')) {
      expect(job.state, JSON.stringify(job)).toBe('succeeded');
      return;
    }
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not end`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
