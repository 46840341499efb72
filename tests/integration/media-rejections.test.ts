/**
 * Uploads the archive must not accept: a renamed executable, a WAV cut off while copying, bytes that
 * do not match the checksum the uploader declared, a damaged file. Each fails once with a reason
 * the uploader can act on (no retries), and the master stays in storage exactly as received.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import type { MediaAssetDoc } from '../../server/src/interviews/media-asset.model.js';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { createInterview, jobEnded, makeFixture, sha256, uploadThroughApi, withMediaRunner } from './media-support.js';

let archive: TestArchive;
let researcher: { id: string; token: string };
let interviewId: string;
let dir: string;
let tone: Uint8Array;

beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
  interviewId = await createInterview(archive, researcher.token, 'Uploads that go wrong');
  dir = await mkdtemp(join(tmpdir(), 'media-rejections-'));
  tone = await makeFixture(dir, 'tone.wav', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=3']);
});
afterAll(async () => {
  await archive?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A 64-bit little-endian ELF header (what `file` calls "ELF 64-bit LSB executable, x86-64"), then padding. */
function elfExecutable(): Uint8Array {
  const bytes = new Uint8Array(8192);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  bytes.set([2, 0, 0x3e, 0, 1, 0, 0, 0], 16); // e_type EXEC, e_machine x86-64, e_version 1
  bytes.set(randomBytes(4096), 64);
  return bytes;
}

/** Uploads, runs the handlers until verification ends, and returns the asset, its job and the stored bytes. */
async function verifyUpload(upload: { fileName: string; contentType: string; bytes: Uint8Array; declaredSha256?: string }) {
  const id = await uploadThroughApi(archive, researcher.token, { interviewId, ...upload });
  let job: JobDoc | undefined;
  await withMediaRunner(archive, {}, async () => {
    job = await jobEnded(archive, 'verify-upload', id);
  });
  const asset = await archive.db.models.MediaAsset.findById(id).lean<MediaAssetDoc>();
  const stored = await archive.storage.getBytes(asset!.key);
  return { id, asset: asset!, job: job!, stored };
}

function expectRejected(result: Awaited<ReturnType<typeof verifyUpload>>, reason: RegExp, bytes: Uint8Array) {
  expect(result.asset).toMatchObject({ status: 'failed', sha256: null });
  expect(result.asset.error).toMatch(reason);
  // Failed once, for good, with the same words the uploader sees on the asset.
  expect(result.job).toMatchObject({ state: 'failed', attempts: 1, lastError: { message: result.asset.error } });
  // Kept as received: same bytes, same key, nothing else made from it.
  expect(sha256(result.stored)).toBe(sha256(bytes));
}

describe('uploads the archive refuses', () => {
  it('a renamed executable: "this file is a Linux executable, not audio"', { timeout: 60_000 }, async () => {
    const bytes = elfExecutable();
    const result = await verifyUpload({ fileName: 'grandmother.wav', contentType: 'audio/wav', bytes });
    expectRejected(result, /This file is a Linux executable \(ELF\), not audio or video, although it is named "grandmother\.wav"/, bytes);
    expect(result.asset.error).toMatch(/upload the original recording/);
  });

  it('a WAV cut off while copying: says how much is missing', { timeout: 60_000 }, async () => {
    const bytes = tone.subarray(0, Math.floor(tone.length * 0.6));
    const result = await verifyUpload({ fileName: 'cut.wav', contentType: 'audio/wav', bytes });
    expectRejected(result, /The WAV file is incomplete: its header promises 264,678 bytes but only 158,806 arrived \(60%/, bytes);
    expect(result.asset.error).toMatch(/copy it again from the recorder/);
  });

  it('a checksum that does not match the declared one', { timeout: 60_000 }, async () => {
    const declared = sha256(new TextEncoder().encode('what the uploader hashed'));
    const result = await verifyUpload({ fileName: 'tone.wav', contentType: 'audio/wav', bytes: tone, declaredSha256: declared });
    expectRejected(result, new RegExp(`checksum does not match: the uploader declared ${declared}, the stored bytes give ${sha256(tone)}`), tone);
  });

  it('a damaged M4A (its header is right, the rest is not): ffprobe\'s words are quoted', { timeout: 60_000 }, async () => {
    // A real M4A `ftyp` box, so file-type lets it through, then a byte pattern where the audio should be.
    const ftyp = Buffer.from('0000001c667479704d344120000002004d34412069736f6d69736f32', 'hex');
    const bytes = new Uint8Array(Buffer.concat([ftyp, ...Array.from({ length: 24 }, () => Buffer.from(Array.from({ length: 256 }, (_, i) => i)))]));
    const result = await verifyUpload({ fileName: 'interview.m4a', contentType: 'audio/mp4', bytes });
    expectRejected(result, /cannot be read as audio or video \(ffprobe: "\[mov,mp4,m4a,3gp,3g2,mj2\] moov atom not found \| Invalid data found when processing input"\)/, bytes);
    expect(result.asset.error).not.toMatch(/tmp|archive-verify|0x/);
  });

  it('nothing after a rejection: no probe, no copies; the interview keeps no provenance from it', async () => {
    const jobs = await archive.db.models.Job.find({ interviewId }).lean<JobDoc[]>();
    expect(new Set(jobs.map((j) => j.type))).toEqual(new Set(['verify-upload']));
    expect(await archive.db.models.MediaAsset.countDocuments({ interviewId, kind: { $ne: 'master' } })).toBe(0);
    const interview = await archive.db.models.Interview.findById(interviewId).lean();
    expect(interview!.provenance?.sha256 ?? null).toBeNull();
    expect(interview!.durationSeconds ?? null).toBeNull();
  });
});
