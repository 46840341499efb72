/**
 * The pieces under the media handlers, on the real programs and storage: ffmpeg's progress and
 * abort, errors that quote ffmpeg, an upload in parts for copies too big for one PUT, and the temp
 * directory removed whatever happens.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg, type FfmpegProgress } from '../../ingest/src/media/ffmpeg.js';
import { ffprobe } from '../../ingest/src/media/ffprobe.js';
import { uploadFile, withTempDir } from '../../ingest/src/media/object-files.js';
import { MediaToolError } from '../../ingest/src/media/tool-process.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { sha256 } from './media-support.js';

let archive: TestArchive;
let dir: string;

beforeAll(async () => {
  archive = await startTestArchive();
  dir = await mkdtemp(join(tmpdir(), 'media-tools-'));
});
afterAll(async () => {
  await archive?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('ffmpeg and ffprobe', () => {
  it('reports progress from -progress pipe:1 and stops the child when the signal aborts', async () => {
    const seen: FfmpegProgress[] = [];
    const controller = new AbortController();
    const why = new Error('the lease was lost');
    const started = Date.now();
    // Ten minutes of tone read at its own pace (-re): only the abort can end it within the test.
    const run = runFfmpeg(['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=600', '-f', 'null', '-'], {
      signal: controller.signal,
      durationSeconds: 600,
      onProgress: (p) => {
        seen.push(p);
        if (p.outSeconds > 1) controller.abort(why);
      },
    });
    await expect(run).rejects.toBe(why);
    expect(Date.now() - started).toBeLessThan(10_000);
    const last = seen.at(-1)!;
    expect(last.outSeconds).toBeGreaterThan(1);
    expect(last.outSeconds).toBeLessThan(10);
    expect(last.percent).toBeCloseTo((last.outSeconds / 600) * 100, 5);
    expect(last.speed).toMatch(/x$/);
  });

  it('reaches 100 % at the end, and a failure quotes what ffmpeg said', async () => {
    const percents: (number | null)[] = [];
    const out = join(dir, 'short.wav');
    await runFfmpeg(['-f', 'lavfi', '-i', 'sine=duration=1', `file:${out}`], { durationSeconds: 1, onProgress: (p) => percents.push(p.percent) });
    expect(percents.at(-1)).toBe(100);
    expect((await ffprobe(out)).summary).toMatchObject({ container: 'wav', audio: { codec: 'pcm_s16le', channels: 1 } });

    const failed = await runFfmpeg(['-i', `file:${join(dir, 'nowhere.wav')}`, '-f', 'null', '-']).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(MediaToolError);
    expect((failed as Error).message).toMatch(/^ffmpeg failed: .*nowhere\.wav: No such file or directory/);
    const probed = await ffprobe(join(dir, 'nowhere.wav')).catch((err: unknown) => err);
    expect((probed as Error).message).toBe('ffprobe cannot read the file: No such file or directory');
  });

  it('names a missing program and the package that brings it', async () => {
    const err = await runFfmpeg(['-version'], { binary: 'ffmpeg-that-is-not-installed' }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('ffmpeg is not installed or not on PATH (Debian: apt-get install ffmpeg)');
  });
});

describe('storage and temp files', () => {
  it('uploads a copy too big for one PUT in parts, byte for byte', async () => {
    const bytes = new Uint8Array(randomBytes(12 * 1024 * 1024));
    const path = join(dir, 'big.mp4');
    await writeFile(path, bytes);
    const size = await uploadFile(archive.storage, 'access/test/big.mp4', path, 'video/mp4', undefined, { singlePutLimit: 1024 * 1024, partSize: 5 * 1024 * 1024 });
    expect(size).toBe(bytes.length);
    expect(await archive.storage.head('access/test/big.mp4')).toMatchObject({ size: bytes.length, contentType: 'video/mp4' });
    expect(sha256(await archive.storage.getBytes('access/test/big.mp4'))).toBe(sha256(bytes));
  });

  it('removes the temp directory when the work fails', async () => {
    let used = '';
    const failed = withTempDir('probe', async (temp) => {
      used = temp;
      await writeFile(join(temp, 'master.wav'), 'half a file');
      throw new Error('storage went away');
    });
    await expect(failed).rejects.toThrow('storage went away');
    expect(used).toMatch(/archive-probe-/);
    expect(existsSync(used)).toBe(false);
  });
});
