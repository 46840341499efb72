/**
 * Fault drill: the API (a real process, `server/src/main.ts`) is SIGKILLed in the middle of a
 * multipart upload and started again on the same port. The client makes the studio's calls (the
 * uploader the CLI shares with the browser's flow: plan, presigned part PUTs straight to storage,
 * record each part, complete); it retries while the API is away and carries on with the parts the
 * archive has recorded, so no part goes to storage twice. The master then verifies against its
 * checksum. Prints the drill's figures.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import type { MediaAssetDoc } from '../../server/src/interviews/media-asset.model.js';
import { freePort } from '../../server/dev/services.js';
import { ArchiveApi } from '../../ingest/src/cli/api-client.js';
import { ImportState } from '../../ingest/src/cli/state-file.js';
import { uploadRecording } from '../../ingest/src/cli/uploader.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { noiseWav, printFigures } from '../support/drills.js';
import { startArchiveProcess, waitUntil, type WorkerProcess } from '../support/worker-process.js';
import { createInterview, jobEnded, sha256, withMediaRunner } from './media-support.js';

let archive: TestArchive;
let root: string;
let api: WorkerProcess | null = null;

beforeAll(async () => {
  archive = await startTestArchive();
  root = await mkdtemp(join(tmpdir(), 'drill-api-'));
});
afterAll(async () => {
  api?.child.kill('SIGKILL');
  await archive?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** The API as `npm run api` runs it in production (database and storage given), on `port`. */
async function startApi(port: number): Promise<WorkerProcess> {
  const started = startArchiveProcess('server/src/main.ts', archive, { API_PORT: String(port) });
  await waitUntil(
    'the API to answer',
    async () => {
      if (started.child.exitCode !== null) throw new Error(`the API exited:\n${started.output()}`);
      return fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    },
    90_000,
  );
  return started;
}

it('the API SIGKILLed mid-upload and started again: the upload carries on, no part is sent twice, the master verifies', { timeout: 240_000 }, async () => {
  const researcher = await archive.userWithRoles([Role.researcher]);
  const interviewId = await createInterview(archive, researcher.token, 'Interrupted by a restart');
  const bytes = noiseWav(25 * 1024 * 1024); // four parts of at most 8 MiB
  const path = join(root, 'long-day.wav');
  await writeFile(path, bytes);
  const port = await freePort();
  api = await startApi(port);

  // Every part PUT that reaches storage, by part number.
  const puts: number[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const res = await realFetch(input, init);
    if (init?.method === 'PUT' && url.searchParams.has('partNumber') && res.ok) puts.push(Number(url.searchParams.get('partNumber')));
    return res;
  }) as typeof fetch;

  let killedAt = 0;
  let back: Promise<number> | null = null;
  const state = await ImportState.open(root, `http://127.0.0.1:${port}/graphql`);
  // Retries long enough to outlast a restart (the CLI's default is 4 tries over 7 s).
  const client = new ArchiveApi(`http://127.0.0.1:${port}`, researcher.token, { attempts: 12, delayMs: 500 });
  let outcome;
  try {
    outcome = await uploadRecording({
      api: client,
      state,
      file: 'long-day.wav',
      path,
      interviewId,
      size: bytes.length,
      sha256: sha256(bytes),
      contentType: 'audio/wav',
      parallel: 1,
      retry: { attempts: 12, delayMs: 500 },
      onProgress: (sent) => {
        // Once the first part is recorded: the API dies, and is started again at once.
        if (!killedAt && sent >= 8 * 1024 * 1024) {
          killedAt = performance.now();
          api!.child.kill('SIGKILL');
          back = api!.exited.then(() => startApi(port)).then((restarted) => ((api = restarted), performance.now()));
        }
      },
    });
  } finally {
    globalThis.fetch = realFetch;
  }
  expect(killedAt).toBeGreaterThan(0);
  const apiBack = await back!;
  const uploadDone = performance.now();
  expect(outcome).toMatchObject({ status: 'uploaded', partsSent: 4, resumed: false });
  // Each part reached storage once: the one recorded before the crash was not sent again.
  expect(puts.sort()).toEqual([1, 2, 3, 4]);

  const master = await archive.db.models.MediaAsset.findById(outcome!.status === 'uploaded' ? outcome!.assetId : null).lean<MediaAssetDoc>();
  let verified = 0;
  await withMediaRunner(archive, {}, async () => {
    if ((await jobEnded(archive, 'verify-upload', master!._id.toHexString())).state === 'succeeded') verified += 1;
  });
  const after = await archive.db.models.MediaAsset.findById(master!._id).lean<MediaAssetDoc>();
  expect(after).toMatchObject({ status: 'ready', sha256: sha256(bytes) });
  expect(await archive.db.models.MediaAsset.countDocuments({ interviewId, kind: 'master' })).toBe(1);
  const jobs = await archive.db.models.Job.countDocuments({ type: 'verify-upload', 'payload.mediaAssetId': master!._id.toHexString() });

  const figures = { jobsLost: jobs - verified, filesLost: 1 - verified, editsLost: 0 };
  printFigures({
    drill: 'API SIGKILLed mid multipart upload',
    ...figures,
    secondsToRecover: (apiBack - killedAt) / 1000,
    notes: `until the restarted API answered; the upload finished ${((uploadDone - killedAt) / 1000).toFixed(1)} s after the kill, 4 parts sent for 4`,
  });
  expect(figures).toEqual({ jobsLost: 0, filesLost: 0, editsLost: 0 });
  api!.child.kill('SIGTERM');
  await api!.exited;
  api = null;
});
