import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { main as importCli } from '../../ingest/src/cli/import-bags.js';
import { exportBags } from '../../server/src/preservation/export-bags.js';
import { importBags } from '../../server/src/preservation/import-bags.js';
import { Storage } from '../../server/src/storage/storage.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { archiveEnv, exportOf, seedSmallArchive, sha256 } from '../support/preservation.js';

let original: TestArchive;
let fresh: TestArchive;
let freshBucket: Storage;
let seeded: Awaited<ReturnType<typeof seedSmallArchive>>;
let work: string;

beforeAll(async () => {
  original = await startTestArchive();
  fresh = await startTestArchive();
  seeded = await seedSmallArchive(original);
  freshBucket = new Storage({ ...inject('storage'), bucket: `fresh-${randomBytes(4).toString('hex')}` });
  await freshBucket.client.send(new CreateBucketCommand({ Bucket: freshBucket.bucket }));
  work = await mkdtemp(join(tmpdir(), 'round-trip-'));
}, 60_000);
afterAll(async () => {
  await original.close();
  await fresh.close();
  freshBucket.destroy();
  await rm(work, { recursive: true, force: true });
});

const manifests = async (dir: string) => {
  const out: Record<string, string> = {};
  for (const bag of (await readdir(dir)).sort()) {
    for (const m of ['manifest-sha256.txt', 'manifest-sha512.txt']) out[`${bag}/${m}`] = await readFile(join(dir, bag, m), 'utf8');
  }
  return out;
};

const TITLE = `query($id: ID!) { interview(id: $id) { id title { en } } }`;

describe('export, import into a fresh archive, export again', () => {
  it('gives payload manifests equal to the first, and the imported archive shows the same interviews with the same access', async () => {
    const first = join(work, 'first');
    await exportOf(original, first);
    const summary = await importBags({ models: fresh.db.models, storage: freshBucket, queue: fresh.api.services.jobs.queue, dir: first });
    expect(summary.problems).toEqual([]);
    expect(summary.interviews.sort()).toEqual([seeded.first.id, seeded.second.id].sort());

    const master = await freshBucket.getBytes(seeded.first.masterKey);
    expect(sha256(master)).toBe(seeded.first.masterSha256);
    expect(sha256(await freshBucket.getBytes(seeded.image.key))).toBe(seeded.image.sha256);

    const second = join(work, 'second');
    await exportBags({ models: fresh.db.models, storage: freshBucket, exports: fresh.api.services.exports, siteUrl: 'http://localhost:3000', out: second });
    expect(await manifests(second)).toEqual(await manifests(first));

    // The same answers to the same viewers: the public sees the public interview, not the researchers' one.
    for (const archive of [original, fresh]) {
      const open = await archive.gql(TITLE, { id: seeded.first.id });
      expect(open.data?.interview).toEqual({ id: seeded.first.id, title: { en: 'The bazaar' } });
      const closed = await archive.gql(TITLE, { id: seeded.second.id });
      expect(closed.data?.interview ?? null).toBeNull();
    }
    const researcher = await fresh.userWithRoles(['researcher' as never]);
    expect((await fresh.gql(TITLE, { id: seeded.second.id }, researcher.token)).data?.interview?.title.en).toBe('The railway');
    // The pipeline makes the access copies again from the imported master.
    const jobs = await fresh.db.models.Job.find({ type: 'probe-media' }).lean();
    expect(jobs.length).toBe(2);
    const editor = await fresh.db.models.User.findOne({ name: 'An Editor' }).lean();
    expect(editor?.roles).toEqual(['editor']);
  });

  it('refuses an interview that is already there, naming it, and writes nothing', async () => {
    const lines: string[] = [];
    const before = await fresh.db.models.AuditEvent.countDocuments();
    const code = await importCli([join(work, 'first')], { ...archiveEnv(fresh) }, { write: (t) => void lines.push(t) });
    expect(code).toBe(1);
    const text = lines.join('');
    expect(text).toContain(`interview-${seeded.first.id}/data/interview.json: interview ${seeded.first.id} is already in the archive`);
    expect(text).toMatch(new RegExp(`interview-${seeded.second.id}/data/master/field recording.wav: already in the archive: interview ${seeded.second.id} has a master with this SHA-256`));
    expect(text).toContain('Nothing was imported');
    expect(await fresh.db.models.AuditEvent.countDocuments()).toBe(before);
  });

  it('refuses a corrupt or incomplete export whole, naming the file and the problem', async () => {
    const empty = await startTestArchive();
    try {
      const copy = join(work, 'corrupt');
      await cp(join(work, 'first'), copy, { recursive: true });
      const path = join(copy, `interview-${seeded.first.id}`, 'data/master/field recording.wav');
      const bytes = await readFile(path);
      bytes[0] = bytes[0]! ^ 1;
      await writeFile(path, bytes);
      await rm(join(copy, `interview-${seeded.second.id}`), { recursive: true });
      const summary = await importBags({ models: empty.db.models, storage: freshBucket, queue: empty.api.services.jobs.queue, dir: copy });
      expect(summary.problems).toContainEqual({
        bag: `interview-${seeded.first.id}`,
        file: 'data/master/field recording.wav',
        problem: expect.stringMatching(/^sha256 checksum \w+ does not match the manifest's \w+$/),
      });
      expect(summary.problems).toContainEqual({ bag: 'archive', file: 'data/interview-bags.json', problem: `lists interview-${seeded.second.id}, which is not in ${copy}` });
      expect(summary.interviews).toEqual([]);
      for (const model of ['Interview', 'User', 'Narrator', 'VocabularyTerm', 'MediaAsset', 'Transcript'] as const) {
        expect(await empty.db.models[model].countDocuments()).toBe(0);
      }
    } finally {
      await empty.close();
    }
  });
});
