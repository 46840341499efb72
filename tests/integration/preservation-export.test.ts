import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as exportCli } from '../../ingest/src/cli/export-bags.js';
import { validateBag } from '../../server/src/preservation/bagit.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { archiveEnv, exportOf, seedSmallArchive, sha256 } from '../support/preservation.js';

let archive: TestArchive;
let seeded: Awaited<ReturnType<typeof seedSmallArchive>>;
let out: string;

beforeAll(async () => {
  archive = await startTestArchive();
  seeded = await seedSmallArchive(archive);
  out = await mkdtemp(join(tmpdir(), 'bags-'));
}, 60_000);
afterAll(async () => {
  await archive.close();
  await rm(out, { recursive: true, force: true });
});

const read = (...parts: string[]) => readFile(join(out, ...parts), 'utf8');

/**
 * An independent reading of RFC 8493 §3, kept apart from the validator under test: every payload
 * file is in each manifest with its checksum, the oxum counts the payload, the tag manifest covers
 * the tag files.
 */
async function checkBagByHand(dir: string) {
  expect(await readFile(join(dir, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  const files: string[] = [];
  const walk = async (d: string, prefix: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name), `${prefix}${e.name}/`);
      else files.push(`${prefix}${e.name}`);
    }
  };
  await walk(join(dir, 'data'), 'data/');
  let octets = 0;
  for (const algorithm of ['sha256', 'sha512']) {
    const lines = (await readFile(join(dir, `manifest-${algorithm}.txt`), 'utf8')).trim().split('\n');
    const listed = new Map(lines.map((l) => [l.slice(l.indexOf(' ') + 2), l.slice(0, l.indexOf(' '))]));
    expect([...listed.keys()].sort()).toEqual([...files].sort());
    for (const f of files) expect(listed.get(f)).toBe(createHash(algorithm).update(await readFile(join(dir, f))).digest('hex'));
  }
  for (const f of files) octets += (await stat(join(dir, f))).size;
  const info = await readFile(join(dir, 'bag-info.txt'), 'utf8');
  expect(info).toContain(`Payload-Oxum: ${octets}.${files.length}\n`);
  for (const field of ['Source-Organization', 'Bagging-Date', 'External-Identifier']) expect(info).toMatch(new RegExp(`^${field}: \\S`, 'm'));
  const tags = (await readFile(join(dir, 'tagmanifest-sha256.txt'), 'utf8')).trim().split('\n');
  expect(tags.map((l) => l.split('  ')[1]).sort()).toEqual(['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'manifest-sha512.txt']);
  for (const l of tags) {
    const [sum, name] = l.split('  ');
    expect(sha256(await readFile(join(dir, name!)))).toBe(sum);
  }
}

describe('npm run export', () => {
  it('writes one valid bag per interview and one for the archive, from the database and storage the environment names', async () => {
    const lines: string[] = [];
    const code = await exportCli(['--out', out], archiveEnv(archive), { write: (t) => void lines.push(t) });
    expect(code).toBe(0);
    const bags = (await readdir(out)).sort();
    expect(bags).toEqual(['archive', `interview-${seeded.first.id}`, `interview-${seeded.second.id}`].sort());
    expect(lines.join('')).toMatch(/3 bags in .* \(\d+ files written, 0 already there\)/);
    expect(lines.join('')).toContain('[########################] 100%');
    for (const bag of bags) {
      await checkBagByHand(join(out, bag));
      const { problems } = await validateBag(join(out, bag));
      expect(problems).toEqual([]);
    }
  });

  it("keeps the master exactly as received: its SHA-256 is the one recorded at upload", async () => {
    const bag = `interview-${seeded.first.id}`;
    const master = await readFile(join(out, bag, 'data/master/field recording.wav'));
    expect(sha256(master)).toBe(seeded.first.masterSha256);
    expect(Buffer.compare(master, Buffer.from(seeded.first.master))).toBe(0);
    expect(await read(bag, 'manifest-sha256.txt')).toContain(`${seeded.first.masterSha256}  data/master/field recording.wav\n`);
  });

  it('holds the release, the transcripts with history (archive JSON, WebVTT, OHMS), the index, Dublin Core and the audit events', async () => {
    const bag = `interview-${seeded.first.id}`;
    expect(await read(bag, 'data/release/release.pdf')).toContain('%PDF-1.4 release of The bazaar');
    const transcripts = JSON.parse(await read(bag, 'data/transcripts/transcripts.json'));
    expect(transcripts.transcripts[0].segments.map((s: { text: string }) => s.text)).toEqual(['Я родилась на базаре.', 'A restricted passage']);
    expect(transcripts.revisions[0].summary).toBe('corrected a word');
    expect(transcripts.revisions[0].interviewId).toEqual({ $oid: seeded.first.id });
    const vtt = await read(bag, 'data/transcripts/ru.vtt');
    expect(vtt).toMatch(/^WEBVTT/);
    expect(vtt).toContain('Я родилась на базаре.');
    const ohms = await read(bag, 'data/transcripts/ru.ohms.xml');
    expect(ohms).toContain('Childhood');
    expect(ohms).toContain('A restricted passage');
    expect(JSON.parse(await read(bag, 'data/index.json'))[0].keywords).toEqual(['bazaar']);
    const dc = await read(bag, 'data/metadata/dublin-core.xml');
    expect(dc).toContain('<dc:title xml:lang="en">The bazaar</dc:title>');
    expect(dc).toContain('<dc:creator>Narrator of The bazaar</dc:creator>');
    const json = JSON.parse(await read(bag, 'data/metadata/metadata.json'));
    expect(json.dublinCore).toContainEqual({ element: 'subject', lang: 'en', value: 'Trade' });
    const audit = JSON.parse(await read(bag, 'data/audit-events.json'));
    expect(audit.map((e: { action: string }) => e.action)).toContain('interview.publish');
    const info = await read(bag, 'bag-info.txt');
    expect(info).toContain(`External-Identifier: http://localhost:3000/interviews/${seeded.first.id}\n`);
    expect(info).toMatch(/^Bagging-Date: \d{4}-\d{2}-\d{2}$/m);
  });

  it("puts vocabulary, narrators, collections, users with roles and the list of interview bags in the archive's bag, without credentials", async () => {
    const users = await read('archive', 'data/users.json');
    expect(JSON.parse(users).map((u: { name: string; roles: string[] }) => [u.name, u.roles])).toContainEqual(['An Editor', ['editor']]);
    expect(users).not.toMatch(/passwordHash|argon2|token/i);
    expect(JSON.parse(await read('archive', 'data/narrators.json')).length).toBe(2);
    expect(JSON.parse(await read('archive', 'data/collections.json'))[0].title.en).toBe('Markets');
    const images = JSON.parse(await read('archive', 'data/collection-images.json'));
    expect(sha256(await readFile(join(out, 'archive', 'data/collection-images', images[0].key.split('/').pop())))).toBe(seeded.image.sha256);
    expect(JSON.parse(await read('archive', 'data/vocabulary.json')).length).toBe(2);
    const list = JSON.parse(await read('archive', 'data/interview-bags.json'));
    expect(list.map((b: { bag: string }) => b.bag).sort()).toEqual([`interview-${seeded.first.id}`, `interview-${seeded.second.id}`].sort());
    expect(await readdir(out)).not.toContain('sessions.json');
  });

  it('resumes an interrupted export: files with a matching checksum are kept, a half-written or damaged one is written again', async () => {
    const bag = `interview-${seeded.first.id}`;
    const masterPath = join(out, bag, 'data/master/field recording.wav');
    await writeFile(`${masterPath}.partial`, 'half');
    await appendFile(join(out, bag, 'data/index.json'), ' damaged');
    await rm(join(out, bag, 'manifest-sha512.txt'));
    const before = (await stat(masterPath)).mtimeMs;
    const summary = await exportOf(archive, out, [seeded.first.id]);
    // index.json again, the archive bag's list of bags (this run exports one interview) and the
    // collection picture (no checksum was recorded for it to compare with); the master is not fetched.
    expect(summary.written).toBe(3);
    expect((await stat(masterPath)).mtimeMs).toBe(before);
    expect((await validateBag(join(out, bag))).problems).toEqual([]);
    await checkBagByHand(join(out, bag));
  });
});

describe('the bag validator', () => {
  const broken = async (name: string, damage: (dir: string) => Promise<void>) => {
    const dir = join(out, `copy-${name}`);
    await exportOf(archive, dir, [seeded.second.id]);
    const bag = join(dir, `interview-${seeded.second.id}`);
    await damage(bag);
    return (await validateBag(bag)).problems;
  };

  it('names the file and the problem: a changed byte, a missing file, an unlisted file, a wrong oxum, an edited tag file', async () => {
    expect(
      await broken('byte', async (bag) => {
        const path = join(bag, 'data/master/field recording.wav');
        const bytes = await readFile(path);
        bytes[3] = bytes[3]! ^ 0xff;
        await writeFile(path, bytes);
      }),
    ).toEqual([
      { file: 'data/master/field recording.wav', problem: expect.stringMatching(/^sha256 checksum \w+ does not match the manifest's \w+$/) },
      { file: 'data/master/field recording.wav', problem: expect.stringMatching(/^sha512 checksum/) },
    ]);
    expect(await broken('missing', (bag) => rm(join(bag, 'data/release/release.pdf')))).toEqual([
      { file: 'data/release/release.pdf', problem: 'listed in manifest-sha256.txt but missing' },
      { file: 'data/release/release.pdf', problem: 'listed in manifest-sha512.txt but missing' },
    ]);
    expect(await broken('extra', (bag) => writeFile(join(bag, 'data/extra.txt'), 'x'))).toEqual([
      { file: 'data/extra.txt', problem: 'not listed in manifest-sha256.txt' },
      { file: 'data/extra.txt', problem: 'not listed in manifest-sha512.txt' },
    ]);
    const oxum = await broken('oxum', async (bag) => {
      const info = await readFile(join(bag, 'bag-info.txt'), 'utf8');
      await writeFile(join(bag, 'bag-info.txt'), info.replace(/Payload-Oxum: \d+/, 'Payload-Oxum: 1'));
    });
    expect(oxum).toContainEqual({ file: 'bag-info.txt', problem: expect.stringMatching(/^Payload-Oxum 1\.\d+ does not match the payload/) });
    expect(oxum).toContainEqual({ file: 'bag-info.txt', problem: 'sha256 checksum does not match tagmanifest-sha256.txt' });
    expect(await broken('declaration', (bag) => writeFile(join(bag, 'bagit.txt'), 'BagIt-Version: 0.97\n'))).toContainEqual({
      file: 'bagit.txt',
      problem: 'must declare "BagIt-Version: 1.0" and "Tag-File-Character-Encoding: UTF-8"',
    });
  });

  it("bags the records its interview's list lacks (entries lost in a race, before the daily repair lists them again)", async () => {
    await archive.db.models.InterviewParts.updateOne({ _id: seeded.first.id }, { $set: { transcriptIds: [], mediaIds: [] } });
    const dir = await mkdtemp(join(tmpdir(), 'bags-unlisted-'));
    try {
      await exportOf(archive, dir, [seeded.first.id]);
      const bag = join(dir, `interview-${seeded.first.id}`);
      const transcripts = JSON.parse(await readFile(join(bag, 'data/transcripts/transcripts.json'), 'utf8'));
      expect(transcripts.transcripts[0].segments.map((s: { text: string }) => s.text)).toEqual(['Я родилась на базаре.', 'A restricted passage']);
      expect(sha256(await readFile(join(bag, 'data/master/field recording.wav')))).toBe(seeded.first.masterSha256);
      expect((await validateBag(bag)).problems).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
