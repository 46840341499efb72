/**
 * Shared by the media-*.test.ts files: generated fixtures (ffmpeg tones and test pictures, never
 * committed), the GraphQL upload flow as a client runs it, and the media handlers run in-process.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import type { JobType } from '../../server/src/jobs/job-types.js';
import { createHandlers } from '../../ingest/src/jobs/handlers.js';
import { JobRunner, type JobHandlers } from '../../ingest/src/jobs/runner.js';
import type { TestArchive } from '../support/archive.js';
import { waitUntil } from '../support/worker-process.js';

const run = promisify(execFile);
export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** mean and max volume (dB) of [from, to) of a file, as ffmpeg's volumedetect reports them. */
export async function volume(path: string, from: number, to: number): Promise<{ mean: number; max: number }> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostdin', '-ss', String(from), '-t', String(to - from), '-i', path, '-af', 'volumedetect', '-f', 'null', '-']);
  const read = (name: string) => Number(new RegExp(`${name}: (-?[\\d.]+|-inf) dB`).exec(stderr)?.[1]?.replace('-inf', '-999') ?? 'NaN');
  return { mean: read('mean_volume'), max: read('max_volume') };
}

export async function durationOf(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  return Number(stdout.trim());
}

/** Runs ffmpeg to make a fixture (argument array; test-only, so not through ingest/src/media). */
export async function makeFixture(dir: string, name: string, args: string[]): Promise<Uint8Array> {
  const path = join(dir, name);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args, path]);
  return new Uint8Array(await readFile(path));
}

/** Reads a stored copy back with ffprobe, as a browser would see it. */
export async function probeJson(path: string) {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path]);
  return JSON.parse(stdout) as {
    format: { format_name: string; duration: string };
    streams: { codec_type: string; codec_name: string; width?: number; height?: number; channels?: number; sample_rate?: string; profile?: string }[];
  };
}

/** Top-level MP4 boxes in order: `moov` before `mdat` means the copy plays while it downloads. */
export function topLevelBoxes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: string[] = [];
  for (let at = 0; at + 8 <= bytes.length; ) {
    let size = view.getUint32(at);
    if (size === 1) size = Number(view.getBigUint64(at + 8));
    boxes.push(String.fromCharCode(...bytes.subarray(at + 4, at + 8)));
    if (size < 8) break;
    at += size;
  }
  return boxes;
}

export async function createInterview(archive: TestArchive, token: string, title: string, languages: string[] = []) {
  const res = await archive.gql(
    `mutation($input: CreateInterviewInput!) { createInterview(input: $input) { id } }`,
    { input: { title: { en: title }, languages } },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createInterview.id as string;
}

/** The browser's flow: start (with the SHA-256 it computed), PUT each part to storage, record it, complete. */
export async function uploadThroughApi(
  archive: TestArchive,
  token: string,
  upload: { interviewId: string; fileName: string; contentType: string; bytes: Uint8Array; declaredSha256?: string },
): Promise<string> {
  const { bytes } = upload;
  const started = await archive.gql(
    `mutation($input: StartUploadInput!) { startMediaUpload(input: $input) { id partSize partCount } }`,
    {
      input: {
        interviewId: upload.interviewId,
        fileName: upload.fileName,
        size: bytes.length,
        contentType: upload.contentType,
        sha256: upload.declaredSha256 ?? sha256(bytes),
      },
    },
    token,
  );
  expect(started.errors).toBeUndefined();
  const { id, partSize, partCount } = started.data!.startMediaUpload;
  for (let partNumber = 1; partNumber <= partCount; partNumber += 1) {
    const part = bytes.subarray((partNumber - 1) * partSize, partNumber * partSize);
    const urls = await archive.gql(`mutation($input: PartUrlsInput!) { mediaUploadParts(input: $input) { url } }`, { input: { assetId: id, partNumbers: [partNumber] } }, token);
    const put = await fetch(urls.data!.mediaUploadParts[0].url, { method: 'PUT', body: part });
    expect(put.status).toBe(200);
    const recorded = await archive.gql(
      `mutation($input: RecordPartInput!) { recordUploadedPart(input: $input) }`,
      { input: { assetId: id, partNumber, etag: put.headers.get('etag'), size: part.length } },
      token,
    );
    expect(recorded.errors).toBeUndefined();
  }
  const done = await archive.gql(`mutation($id: ID!) { completeMediaUpload(assetId: $id) { status } }`, { id }, token);
  expect(done.data?.completeMediaUpload.status).toBe('verifying');
  return id;
}

/** The worker's real media handlers, in-process, on the test file's database. */
export async function withMediaRunner(archive: TestArchive, env: Record<string, string>, body: (queue: JobQueue) => Promise<void>) {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const all = createHandlers({ models: archive.db.models, config, storage: archive.storage });
  // Only the three media steps: transcription and indexing belong to other modules and stay queued here.
  const handlers: JobHandlers = { 'verify-upload': all['verify-upload'], 'probe-media': all['probe-media'], 'make-access-copies': all['make-access-copies'] };
  const queue = new JobQueue(archive.db.models.Job, { retryBaseMs: 50 });
  const runner = new JobRunner(queue, handlers, { workerId: 'in-process', leaseMs: 10_000, idleMinMs: 20, idleMaxMs: 100, log: () => {} });
  const running = runner.run();
  try {
    await body(queue);
  } finally {
    await runner.stop();
    await running;
  }
}

/** The job of a type for an asset, once it has ended. */
export function jobEnded(archive: TestArchive, type: JobType, mediaAssetId: string, timeoutMs = 60_000): Promise<JobDoc> {
  return waitUntil(
    `${type} of ${mediaAssetId} to end`,
    async () => {
      const jobs = await archive.db.models.Job.find({ type, 'payload.mediaAssetId': mediaAssetId }).sort({ createdAt: -1 }).lean<JobDoc[]>();
      const job = jobs[0];
      return job && (job.state === 'succeeded' || job.state === 'failed') ? job : null;
    },
    timeoutMs,
  );
}
