/**
 * Fault drill: storage (a real s3rver of this file's own) is killed in the middle of a batch import
 * (`npm run ingest`'s own entry, in-process to watch its progress) and started again on the same
 * port and files. The rerun resumes: what was stored is skipped, the half-sent recording sends only
 * its missing parts, every master is stored once and its SHA-256 verifies. Prints the drill's figures.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import type { MediaAssetDoc } from '../../server/src/interviews/media-asset.model.js';
import { main } from '../../ingest/src/cli/import.js';
import { STATE_FILE, type FileState } from '../../ingest/src/cli/state-file.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { drillStorage, noiseWav, printFigures, secondsSince, type StoppableService } from '../support/drills.js';
import { jobEnded, sha256, withMediaRunner } from './media-support.js';

let storage: StoppableService & { settings: import('../../server/src/storage/storage.js').StorageSettings };
let archive: TestArchive;
let root: string;

beforeAll(async () => {
  storage = await drillStorage();
  archive = await startTestArchive({}, { storage: storage.settings });
  root = await mkdtemp(join(tmpdir(), 'drill-storage-'));
});
afterAll(async () => {
  await archive?.close();
  await storage?.remove();
  if (root) await rm(root, { recursive: true, force: true });
});

function capture(onWrite: (text: string) => void = () => {}) {
  let text = '';
  return { isTTY: true, write: (t: string) => ((text += t), onWrite(t)), text: () => text };
}

it('storage killed mid-import and started again: the rerun resumes, nothing is stored twice, every checksum verifies', { timeout: 180_000 }, async () => {
  const researcher = await archive.userWithRoles([Role.researcher]);
  const env = { ARCHIVE_API_URL: archive.url, ARCHIVE_TOKEN: researcher.token };
  // Three recordings of three 8 MiB parts each (17 MiB of noise: each file has its own checksum).
  const files = ['side-a.wav', 'side-b.wav', 'side-c.wav'];
  const bytes = Object.fromEntries(files.map((f) => [f, noiseWav(17 * 1024 * 1024)]));
  const folder = join(root, 'batch');
  await mkdir(folder);
  for (const f of files) await writeFile(join(folder, f), bytes[f]!);

  // The first run, one part at a time; storage dies once side-b.wav has its first part stored.
  let killed: Promise<void> | null = null;
  const first = capture((t) => {
    if (!killed && /\[2\/3\].* 8\.0 MiB \/ 17\.0 MiB/.test(t)) killed = storage.stop('SIGKILL');
  });
  const firstCode = await main([folder, '--parallel', '1'], env, first);
  expect(killed, first.text()).not.toBeNull();
  await killed;
  expect(firstCode, first.text()).toBe(1);
  expect(first.text()).toMatch(/side-a\.wav {2}uploaded\n/);
  expect(first.text()).toMatch(/side-b\.wav {2}FAILED/);
  const state = () => readFile(join(folder, STATE_FILE), 'utf8').then((s) => Object.values(JSON.parse(s).archives)[0] as { files: Record<string, FileState> });
  const halfway = (await state()).files['side-b.wav']!;
  expect(halfway.status).toBe('uploading');
  expect(halfway.doneParts.length).toBeGreaterThanOrEqual(1);
  expect(halfway.doneParts.length).toBeLessThan(3);

  // Storage comes back on the same port and files; the operator runs the same command again.
  const back = performance.now();
  await storage.start();
  const storageBack = secondsSince(back);
  const rerun = capture();
  expect(await main([folder, '--parallel', '1'], env, rerun), rerun.text()).toBe(0);
  const importDone = secondsSince(back);
  expect(rerun.text()).toMatch(/side-a\.wav {2}skipped: already stored/);
  // Only the parts storage had not acknowledged are sent again.
  expect(rerun.text()).toContain(`side-b.wav  uploaded (resumed: ${3 - halfway.doneParts.length} parts sent this time)`);
  expect(rerun.text()).toMatch(/side-c\.wav {2}uploaded/);

  // One interview and one master per file; the worker verifies each against the checksum the CLI declared.
  const masters = await archive.db.models.MediaAsset.find({ createdBy: researcher.id, kind: 'master' }).lean<MediaAssetDoc[]>();
  expect(masters.map((m) => m.fileName).sort()).toEqual(files);
  expect(await archive.db.models.Interview.countDocuments({ createdBy: researcher.id })).toBe(3);
  const verified: string[] = [];
  await withMediaRunner(archive, {}, async () => {
    for (const m of masters) {
      const job = await jobEnded(archive, 'verify-upload', m._id.toHexString());
      if (job.state === 'succeeded') verified.push(m.fileName);
    }
  });
  for (const m of masters) {
    const after = await archive.db.models.MediaAsset.findById(m._id).lean<MediaAssetDoc>();
    expect(after, m.fileName).toMatchObject({ status: 'ready', sha256: sha256(bytes[m.fileName]!) });
    expect(sha256(await archive.storage.getBytes(m.key))).toBe(sha256(bytes[m.fileName]!));
  }
  const jobs = await archive.db.models.Job.countDocuments({ type: 'verify-upload', 'payload.mediaAssetId': { $in: masters.map((m) => m._id.toHexString()) } });

  const figures = { jobsLost: jobs - verified.length, filesLost: files.length - verified.length, editsLost: 3 - masters.length };
  printFigures({
    drill: 'storage killed mid batch import',
    ...figures,
    secondsToRecover: importDone,
    notes: `storage answered ${storageBack.toFixed(1)} s after the restart; the rerun then finished the batch`,
  });
  expect(figures).toEqual({ jobsLost: 0, filesLost: 0, editsLost: 0 });
});
