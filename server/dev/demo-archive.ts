import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { Role } from '../src/access/levels.js';
import type { Api } from '../src/app.js';
import type { Database } from '../src/db/connect.js';
import type { Storage } from '../src/storage/storage.js';
import { loadDemo } from '../../fixtures/load/load-demo.js';
import { synthesizeDemoMedia } from '../../fixtures/synth/media.js';
import { gqlClient } from '../../ingest/src/client/gql.js';
import { ArchiveApi } from '../../ingest/src/cli/api-client.js';
import { uploadRecording } from '../../ingest/src/cli/uploader.js';
import { sha256OfFile } from '../../ingest/src/media/object-files.js';
import { repoRoot } from './ferretdb-binary.js';

/** Invented accounts, printed by `npm run demo`; never created outside the demo. */
export const DEMO_USERS = [
  { role: Role.admin, email: 'admin@demo.archive.kz', name: 'Demo Admin', password: 'demo-admin-2026' },
  { role: Role.editor, email: 'editor@demo.archive.kz', name: 'Aigerim (demo editor)', password: 'demo-editor-2026' },
  { role: Role.researcher, email: 'researcher@demo.archive.kz', name: 'Timur (demo researcher)', password: 'demo-researcher-2026' },
  { role: Role.teacher, email: 'teacher@demo.archive.kz', name: 'Olga (demo teacher)', password: 'demo-teacher-2026' },
] as const;

const MARKER = 'demo_meta';

export interface DemoArchiveDeps {
  db: Database;
  api: Api;
  storage: Storage;
  apiUrl: string;
  log: (line: string) => void;
  mediaDir?: string;
  /** How long to wait for the worker to make every recording playable. */
  pipelineTimeoutMs?: number;
}

/** Loads the demo archive unless this database has it already (a second run reuses it). */
export async function loadDemoArchive(deps: DemoArchiveDeps): Promise<{ loaded: boolean }> {
  const { db, api, storage, log } = deps;
  const marker = db.conn.collection<{ _id: string; loadedAt: Date }>(MARKER);
  if (await marker.findOne({ _id: 'demo' })) {
    log('the demo archive is already loaded (npm run demo -- --reset starts over)');
    return { loaded: false };
  }
  if (await db.models.Interview.estimatedDocumentCount()) {
    throw new Error('this database holds an archive that is not the demo; run the demo on its own data (npm run demo -- --reset)');
  }
  const t0 = Date.now();
  log('synthesising the demo recordings with espeak-ng and ffmpeg (cached after the first run)...');
  const media = await synthesizeDemoMedia(deps.mediaDir ?? join(repoRoot, '.cache', 'demo-media'), { log: () => {} });
  log(`recordings ready in ${Math.round((Date.now() - t0) / 1000)} s`);

  const tokens: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const user = await api.services.users.createDirectly({ email: u.email, name: u.name, password: u.password, roles: [u.role] });
    tokens[u.role] = (await api.services.auth.openSession(user)).token;
  }
  const gql = gqlClient(deps.apiUrl);
  const t1 = Date.now();
  await loadDemo({
    gql,
    tokens: { researcher: tokens.researcher!, editor: tokens.editor! },
    media,
    log,
    uploadMaster: async (interviewId, m, token) => {
      const outcome = await uploadRecording({
        api: new ArchiveApi(deps.apiUrl, token),
        file: m.fileName,
        path: m.masterPath,
        interviewId,
        size: (await stat(m.masterPath)).size,
        sha256: await sha256OfFile(m.masterPath),
        contentType: m.contentType,
        parallel: 3,
      });
      // Each demo interview is new, so the archive cannot hold these bytes for it already.
      if (outcome.status !== 'uploaded') throw new Error(`demo recording ${m.fileName} was not uploaded: ${outcome.reason}`);
      return outcome.assetId;
    },
    putImage: async (name, path) => {
      const key = `images/demo/${name}`;
      await storage.put(key, await readFile(path), 'image/png');
      return key;
    },
    setPortrait: async (narratorId, key) => {
      await db.models.Narrator.updateOne({ _id: new Types.ObjectId(narratorId) }, { $set: { portraitKey: key } });
    },
  });
  log(`archive records loaded in ${Math.round((Date.now() - t1) / 1000)} s; waiting for the worker to verify and transcode...`);
  await waitForPipeline(db, log, deps.pipelineTimeoutMs ?? 10 * 60_000);
  await marker.insertOne({ _id: 'demo', loadedAt: new Date() });
  log(`demo archive loaded in ${Math.round((Date.now() - t0) / 1000)} s`);
  return { loaded: true };
}

/**
 * Until every master is verified and has a playable access copy (or failed, which is reported). A
 * withdrawn interview keeps only its master (its access copies are deleted), so it counts once verified.
 */
async function waitForPipeline(db: Database, log: (line: string) => void, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const masters = await db.models.MediaAsset.find({ kind: 'master' }, { interviewId: 1, status: 1, error: 1, fileName: 1 }).lean();
    const copies = await db.models.MediaAsset.distinct('interviewId', { kind: { $in: ['access_audio', 'access_video'] }, status: 'ready' });
    const withdrawn = await db.models.Interview.distinct('_id', { 'release.withdrawnAt': { $ne: null } });
    const done = (m: (typeof masters)[number]) =>
      withdrawn.some((w) => String(w) === String(m.interviewId))
        ? m.status === 'ready'
        : copies.some((c) => String(c) === String(m.interviewId));
    const failed = masters.filter((m) => m.status === 'failed');
    const playable = masters.filter(done).length;
    const line = `playable ${playable}/${masters.length}${failed.length ? `, failed ${failed.length}` : ''}`;
    if (line !== last) log(line);
    last = line;
    if (failed.length) throw new Error(`demo recordings failed: ${failed.map((f) => `${f.fileName}: ${f.error}`).join('; ')}`);
    if (playable === masters.length) return;
    if (Date.now() > deadline) throw new Error(`the worker did not finish the demo recordings in time (${line})`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
