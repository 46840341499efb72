/**
 * Issue 14, untrusted media: an uploaded playlist must not make the worker open other files or URLs.
 * Playlists and text are refused at verification with a clear reason, and ffmpeg and ffprobe open
 * every input with a file-only protocol whitelist and a whitelist of audio/video demuxers, so even a
 * playlist that reached them could not be followed. A listener on loopback counts what is fetched.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobe } from '../../ingest/src/media/ffprobe.js';
import { runFfmpeg } from '../../ingest/src/media/ffmpeg.js';
import { untrustedInput } from '../../ingest/src/media/untrusted-input.js';
import { Role } from '../../server/src/access/levels.js';
import type { MediaAssetDoc } from '../../server/src/interviews/media-asset.model.js';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { createInterview, jobEnded, makeFixture, uploadThroughApi, withMediaRunner } from './media-support.js';

let archive: TestArchive;
let researcher: { id: string; token: string };
let interviewId: string;
let dir: string;
let tonePath: string;
let listener: Server;
let requests = 0;
let listenerUrl: string;

beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
  interviewId = await createInterview(archive, researcher.token, 'Playlists are not recordings');
  dir = await mkdtemp(join(tmpdir(), 'untrusted-media-'));
  // Stands for another interview's master lying in a worker's temp folder.
  tonePath = join(dir, 'other-master.wav');
  await makeFixture(dir, 'other-master.wav', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=3']);
  listener = createServer((_req, res) => {
    requests++;
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => listener.listen(0, '127.0.0.1', ok));
  const address = listener.address();
  listenerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await archive?.close();
  await new Promise<void>((ok) => (listener ? listener.close(() => ok()) : ok()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const hls = (...segments: string[]) =>
  `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n${segments.map((s) => `#EXTINF:3.0,\n${s}\n`).join('')}#EXT-X-ENDLIST\n`;

async function verify(fileName: string, contentType: string, text: string) {
  const bytes = new TextEncoder().encode(text);
  const id = await uploadThroughApi(archive, researcher.token, { interviewId, fileName, contentType, bytes });
  let job: JobDoc | undefined;
  await withMediaRunner(archive, {}, async () => {
    job = await jobEnded(archive, 'verify-upload', id);
  });
  const asset = await archive.db.models.MediaAsset.findById(id).lean<MediaAssetDoc>();
  return { asset: asset!, job: job! };
}

describe('playlists and text uploads', () => {
  it('an HLS playlist naming a local file and a network address is refused at verification; nothing is fetched', { timeout: 90_000 }, async () => {
    for (const playlist of [hls(tonePath), hls(`${listenerUrl}/segment.ts`), hls(`${listenerUrl}/a.ts`, tonePath)]) {
      const { asset, job } = await verify('interview.m4a', 'audio/mp4', playlist);
      expect(asset).toMatchObject({ status: 'failed', sha256: null });
      expect(asset.error).toMatch(/This file is an HLS or M3U playlist, not audio or video, although it is named "interview\.m4a"/);
      expect(asset.error).toMatch(/upload the recording itself/);
      expect(job).toMatchObject({ state: 'failed', attempts: 1 });
    }
    expect(requests).toBe(0);
    // Nothing was made from them.
    expect(await archive.db.models.MediaAsset.countDocuments({ interviewId, kind: { $ne: 'master' } })).toBe(0);
  });

  it('an ffconcat list and a plain text file are refused with what they are', { timeout: 60_000 }, async () => {
    const concat = await verify('tape.wav', 'audio/wav', `ffconcat version 1.0\nfile '${tonePath}'\n`);
    expect(concat.asset.error).toMatch(/This file is an ffconcat file list, not audio or video/);
    const notes = await verify('notes.mp3', 'audio/mpeg', 'Интервью с бабушкой, 1998.\nСторона А.\n');
    expect(notes.asset.error).toMatch(/This file is a text file, not audio or video, although it is named "notes\.mp3"/);
  });
});

describe('ffmpeg and ffprobe open only the file, and only as audio or video', () => {
  it('ffprobe refuses a playlist that reached it, and reads nothing it names', async () => {
    const playlist = join(dir, 'local.m3u8');
    await writeFile(playlist, hls(tonePath, `${listenerUrl}/probe.ts`));
    await expect(ffprobe(playlist)).rejects.toThrow(/ffprobe cannot read the file/);
    expect((await ffprobe(tonePath)).summary.container).toBe('wav');
    expect(requests).toBe(0);
  });

  it('ffmpeg refuses it too (the input arguments of every access copy)', async () => {
    const playlist = join(dir, 'copy.m3u8');
    await writeFile(playlist, hls(tonePath));
    await expect(runFfmpeg([...untrustedInput(playlist), '-f', 'null', '-'])).rejects.toThrow(/not on whitelist|Invalid/);
    await runFfmpeg([...untrustedInput(tonePath), '-f', 'null', '-']);
    expect(requests).toBe(0);
  });
});
