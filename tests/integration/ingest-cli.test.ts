/**
 * The batch import CLI against a real API (startTestArchive: FerretDB, s3rver): a first run creates
 * the interviews and uploads, a second skips by checksum, an interrupted upload resumes, a bad
 * manifest is refused with every problem and its line before anything is sent.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import type { InterviewDoc } from '../../server/src/interviews/interview.model.js';
import type { MediaAssetDoc } from '../../server/src/interviews/media-asset.model.js';
import { main } from '../../ingest/src/cli/import.js';
import { STATE_FILE } from '../../ingest/src/cli/state-file.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { narrator, term } from '../support/factories.js';
import { jobEnded, makeFixture, sha256, withMediaRunner } from './media-support.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let archive: TestArchive;
let researcher: { id: string; token: string };
let root: string;
let koreans: string;
let narratorId: string;

beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
  root = await mkdtemp(join(tmpdir(), 'ingest-cli-'));
  koreans = await term(archive, 'ethnic_group', 'koreans', 'Koreans');
  narratorId = await narrator(archive, 'Invented Narrator');
});
afterAll(async () => {
  await archive?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Collects what the CLI prints; `tty` makes it draw the live progress lines too. */
function capture(tty = false, onWrite?: (text: string) => void) {
  let text = '';
  return { isTTY: tty, write: (t: string) => ((text += t), onWrite?.(t)), text: () => text };
}
const env = () => ({ ARCHIVE_API_URL: archive.url, ARCHIVE_TOKEN: researcher.token });
const interviewsCount = () => archive.db.models.Interview.countDocuments({ createdBy: researcher.id });

async function folderWith(name: string, files: Record<string, Uint8Array | string>) {
  const folder = join(root, name);
  await mkdir(folder);
  for (const [file, content] of Object.entries(files)) await writeFile(join(folder, file), content);
  return folder;
}

describe('npm run ingest', () => {
  let first: string;
  let tones: Record<string, Uint8Array>;

  it('uploads a folder with its manifest, then skips everything on a second run', { timeout: 60_000 }, async () => {
    tones = {
      'Aunt Sveta 1998.wav': await makeFixture(root, 'a.wav', ['-f', 'lavfi', '-i', 'sine=frequency=300:duration=1']),
      'kim-family.wav': await makeFixture(root, 'b.wav', ['-f', 'lavfi', '-i', 'sine=frequency=500:duration=2']),
    };
    const manifest = [
      'file,title,languages,narrator,date,place,tags,access',
      '"Aunt Sveta 1998.wav","Тётя Света, 1998",ru,Invented Narrator,1998-05-12,Almaty,koreans,research',
      'kim-family.wav,The Kim family,"ko; ru",,,,,',
    ].join('\n');
    first = await folderWith('first', { ...tones, 'manifest.csv': manifest });

    // The real entry point, as `npm run ingest` starts it, with the API and token from the environment.
    const child = spawn(process.execPath, ['--import', 'tsx', 'ingest/src/cli/import.ts', first, '--manifest', 'manifest.csv'], {
      cwd: repoRoot,
      env: { ...process.env, ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((ok) => child.once('exit', ok));
    expect(code, output).toBe(0);
    expect(output).toMatch(/\[1\/2\] \[#{24}\] 100% 86\.2 KiB \/ 86\.2 KiB {2}Aunt Sveta 1998\.wav {2}uploaded\n/);
    expect(output).toMatch(/\[2\/2\] \[#{24}\] 100% 172\.3 KiB \/ 172\.3 KiB {2}kim-family\.wav {2}uploaded\n/);
    expect(output).toMatch(/2 uploaded \(258\.\d KiB sent in [\d.]+ s\), 0 skipped as already stored, 0 failed\./);
    // The whole run after each file: files, bytes, time left.
    expect(output).toMatch(/ {2}1\/2 files, 86\.2 KiB \/ 258\.6 KiB, about \d+ s left\n/);
    expect(output).toMatch(/ {2}2\/2 files, 258\.6 KiB \/ 258\.6 KiB, done\n/);

    const interviews = await archive.db.models.Interview.find({ createdBy: researcher.id }).sort({ createdAt: 1 }).lean<InterviewDoc[]>();
    expect(interviews).toHaveLength(2);
    expect(interviews[0]).toMatchObject({ title: { ru: 'Тётя Света, 1998' }, languages: ['ru'], place: 'Almaty', accessLevel: 'research' });
    expect(interviews[0]!.recordedOn?.toISOString()).toBe('1998-05-12T00:00:00.000Z');
    expect(interviews[0]!.tagIds.map(String)).toEqual([koreans]);
    expect(interviews[0]!.narratorIds.map(String)).toEqual([narratorId]);
    expect(interviews[1]).toMatchObject({ title: { en: 'The Kim family' }, languages: ['ko', 'ru'], accessLevel: 'private' });
    // The report, printed and next to the manifest: each row with its interview's studio link.
    const link = (i: number) => `http://localhost:3000/en/studio/interviews/${interviews[i]!._id.toHexString()}`;
    expect(output).toContain(`  line 2  Aunt Sveta 1998.wav  uploaded  ${link(0)}\n`);
    expect(output).toContain(`  line 3  kim-family.wav  uploaded  ${link(1)}\n`);
    expect((await readFile(join(first, 'import-report.csv'), 'utf8')).split('\r\n')).toEqual([
      'line,file,outcome,interview,studio link,reason',
      `2,Aunt Sveta 1998.wav,uploaded,${interviews[0]!._id.toHexString()},${link(0)},`,
      `3,kim-family.wav,uploaded,${interviews[1]!._id.toHexString()},${link(1)},`,
      '',
    ]);
    for (const [i, file] of Object.keys(tones).entries()) {
      const master = await archive.db.models.MediaAsset.findOne({ interviewId: interviews[i]!._id }).lean<MediaAssetDoc>();
      expect(master).toMatchObject({ fileName: file, status: 'verifying', declaredSha256: sha256(tones[file]!), contentType: 'audio/wav' });
      expect(sha256(await archive.storage.getBytes(master!.key))).toBe(sha256(tones[file]!));
    }

    const again = capture();
    expect(await main([first, '--manifest', join(first, 'manifest.csv')], env(), again), again.text()).toBe(0);
    expect(again.text()).toMatch(/Aunt Sveta 1998\.wav {2}skipped: already stored/);
    expect(again.text()).toMatch(/kim-family\.wav {2}skipped: already stored/);
    expect(again.text()).toMatch(/0 uploaded \(0 B sent in [\d.]+ s\), 2 skipped as already stored, 0 failed\./);
    expect(await interviewsCount()).toBe(2);
    expect(await archive.db.models.MediaAsset.countDocuments({ createdBy: researcher.id })).toBe(2);
  });

  it('without its state file, still skips by checksum what the archive has verified', { timeout: 60_000 }, async () => {
    const masters = await archive.db.models.MediaAsset.find({ createdBy: researcher.id }).lean<MediaAssetDoc[]>();
    await withMediaRunner(archive, {}, async () => {
      for (const m of masters) expect(await jobEnded(archive, 'verify-upload', m._id.toHexString())).toMatchObject({ state: 'succeeded' });
    });
    await rm(join(first, STATE_FILE));
    const out = capture();
    // `--token=…`: a session token may start with "-", which a separate argument would turn into an option.
    const code = await main([first, '--manifest', 'manifest.csv', `--api=${archive.url}`, `--token=${researcher.token}`], {}, out);
    expect(code, out.text()).toBe(0);
    expect(out.text()).toMatch(/Aunt Sveta 1998\.wav {2}skipped: already stored \(interview [0-9a-f]{24}\)/);
    expect(out.text()).toMatch(/2 skipped as already stored/);
    expect(await interviewsCount()).toBe(2);
  });

  it('sends again a recording whose stored copy was rejected', { timeout: 60_000 }, async () => {
    const rejected = await archive.db.models.MediaAsset.findOneAndUpdate(
      { createdBy: researcher.id, fileName: 'kim-family.wav' },
      { $set: { status: 'failed', error: 'The SHA-256 checksum does not match' } },
      { returnDocument: 'after' },
    ).lean<MediaAssetDoc>();
    const out = capture();
    expect(await main([first, '--manifest', 'manifest.csv'], env(), out), out.text()).toBe(0);
    expect(out.text()).toMatch(/Aunt Sveta 1998\.wav {2}skipped: already stored/);
    expect(out.text()).toMatch(/kim-family\.wav {2}uploaded\n/);
    expect(out.text()).toMatch(/1 uploaded .*, 1 skipped as already stored, 0 failed\./);
    // Into the same interview, next to the rejected copy, which stays as it was received.
    const masters = await archive.db.models.MediaAsset.find({ interviewId: rejected!.interviewId }).sort({ createdAt: 1 }).lean<MediaAssetDoc[]>();
    expect(masters.map((m) => m.status)).toEqual(['failed', 'verifying']);
    expect(await interviewsCount()).toBe(2);
  });

  it('an interrupted upload continues where it stopped: only the missing parts are sent', { timeout: 60_000 }, async () => {
    const big = new Uint8Array(randomBytes(17 * 1024 * 1024)); // three parts of 8 MiB
    const folder = await folderWith('interrupted', { 'long day.wav': big });
    const controller = new AbortController();
    // Stop right after the first part is recorded, like Ctrl-C or a dropped connection.
    const out = capture(true, (t) => {
      if (/ 8\.0 MiB \/ 17\.0 MiB/.test(t)) controller.abort();
    });
    await expect(main([folder, '--parallel', '1'], env(), out, controller.signal)).rejects.toThrow();
    const state = JSON.parse(await readFile(join(folder, STATE_FILE), 'utf8'));
    const entry = Object.values(state.archives)[0] as { files: Record<string, { doneParts: number[]; status: string; assetId: string }> };
    expect(entry.files['long day.wav']).toMatchObject({ status: 'uploading', doneParts: [1] });

    const rerun = capture();
    expect(await main([folder], env(), rerun), rerun.text()).toBe(0);
    expect(rerun.text()).toMatch(/long day\.wav {2}uploaded \(resumed: 2 parts sent this time\)/);
    const master = await archive.db.models.MediaAsset.findById(entry.files['long day.wav']!.assetId).lean<MediaAssetDoc>();
    expect(master).toMatchObject({ status: 'verifying', declaredSha256: sha256(big) });
    expect(sha256(await archive.storage.getBytes(master!.key))).toBe(sha256(big));
    expect(await archive.db.models.MediaAsset.countDocuments({ fileName: 'long day.wav' })).toBe(1);
  });

  it('a bad manifest: every problem with its line, and nothing is sent', { timeout: 30_000 }, async () => {
    const folder = await folderWith('bad', { 'good.wav': tones['kim-family.wav']!, 'notes.txt': 'not a recording' });
    const manifest = [
      'file;title;date;tags;access',
      'good.wav;Fine;2001-09-30;koreans;public',
      'good.wav;Listed twice;12/05/1998;;',
      'missing.wav;Gone;;;',
      'notes.txt;Notes;;;',
      'good2.wav;"A title ""quoted""";2001-02-30;no-such-term;secret',
    ].join('\r\n');
    await writeFile(join(folder, 'manifest.csv'), manifest);
    const before = await interviewsCount();
    const out = capture();
    expect(await main([folder, '--manifest', 'manifest.csv'], env(), out), out.text()).toBe(2);
    expect(out.text().trim().split('\n')).toEqual([
      'manifest.csv line 3, column file: "good.wav" is already listed on line 2',
      'manifest.csv line 3, column date: "12/05/1998" is not a day written YYYY-MM-DD, or there is no such day',
      'manifest.csv line 4, column file: "missing.wav" is not in the folder',
      'manifest.csv line 5, column file: "notes.txt" is not a recording the archive takes (.wav .flac .mp3 .m4a .aac .ogg .oga .opus .webm .mp4 .m4v .mov .mkv)',
      'manifest.csv line 6, column file: "good2.wav" is not in the folder',
      'manifest.csv line 6, column date: "2001-02-30" is not a day written YYYY-MM-DD, or there is no such day',
      'manifest.csv line 6, column access: access "secret" is not one of private, research, education, public',
      'Nothing was sent: fix these 7 problems and run the import again.',
    ]);
    expect(await interviewsCount()).toBe(before);

    // The rows that read well are checked against the archive as well: an unknown vocabulary key.
    await writeFile(join(folder, 'manifest.csv'), 'file,ethnic groups,narrator\ngood.wav,"koreans; no-such-term",Nobody Known\n');
    const second = capture();
    expect(await main([folder, '--manifest', 'manifest.csv'], env(), second), second.text()).toBe(2);
    expect(second.text()).toContain('manifest.csv line 2, column ethnic groups: no vocabulary term is called "no-such-term" (by key, label or other spelling)');
    expect(second.text()).toContain('manifest.csv line 2, column narrator: no narrator is called "Nobody Known" (or has that id)');
    expect(await interviewsCount()).toBe(before);
  });

  it('names vocabulary terms by any label or spelling, in any script, and lists the candidates of an ambiguous one', { timeout: 60_000 }, async () => {
    const T = archive.db.models.VocabularyTerm;
    const kazakhs = (await T.create({ kind: 'ethnic_group', key: 'kazakhs', labels: { en: 'Kazakhs', ru: 'Казахи', kk: 'Қазақтар' } }))._id.toHexString();
    const growth = (await T.create({ kind: 'era', key: 'soviet-city-growth', startYear: 1960, labels: { en: 'Growth of the Soviet city', ru: 'Рост советского города' } }))._id.toHexString();
    const family = (await T.create({ kind: 'topic', key: 'family-memory', labels: { en: 'Family memory', kk: 'Отбасы жады' } }))._id.toHexString();
    await T.create({ kind: 'topic', key: 'trade-bazaar', labels: { en: 'Bazaar', ru: 'Базар' } });
    await T.create({ kind: 'place', key: 'zelyony-bazaar', labels: { en: 'Green Bazaar', ru: 'Зелёный базар' }, altLabels: ['Bazaar'] });
    const folder = await folderWith('labels', { 'day.wav': await makeFixture(root, 'c.wav', ['-f', 'lavfi', '-i', 'sine=frequency=700:duration=1']) });
    // English for the ethnic group, Russian for the era, Kazakh Latin (2021 alphabet) for the topic.
    await writeFile(join(folder, 'manifest.csv'), 'file,ethnic groups,eras,topics\nday.wav,KAZAKHS,Рост советского города,Otbasy jady\n');
    const before = await interviewsCount();
    const dry = capture();
    expect(await main([folder, '--manifest', 'manifest.csv', '--dry-run'], env(), dry), dry.text()).toBe(0);
    expect(dry.text()).toContain('Would create 1 interview and upload 86.2 KiB:\n  line 2  day.wav (86.2 KiB)  tags: kazakhs, soviet-city-growth, family-memory, access: private\n');
    expect(await interviewsCount()).toBe(before);
    expect(await readFile(join(folder, STATE_FILE), 'utf8').catch(() => 'none')).toBe('none');
    const out = capture();
    expect(await main([folder, '--manifest', 'manifest.csv'], env(), out), out.text()).toBe(0);
    expect(out.text()).toMatch(/day\.wav {2}uploaded\n/);
    const interview = await archive.db.models.Interview.findOne({ createdBy: researcher.id, 'provenance.notes': 'Imported from day.wav by the batch import' }).lean<InterviewDoc>();
    expect(interview!.tagIds.map(String)).toEqual([kazakhs, growth, family]);

    // "Bazaar" is a topic's label and a place's other spelling: refused, naming both with their keys.
    await writeFile(join(folder, 'manifest.csv'), 'file,tags,eras\nday.wav,Bazaar,Kazakhs\n');
    const imported = await interviewsCount();
    const bad = capture();
    expect(await main([folder, '--manifest', 'manifest.csv'], env(), bad), bad.text()).toBe(2);
    expect(bad.text()).toContain(
      'manifest.csv line 2, column tags: "Bazaar" is ambiguous: it names Bazaar (key trade-bazaar, topic); Green Bazaar (key zelyony-bazaar, place); write the key of the one you mean',
    );
    expect(bad.text()).toContain('manifest.csv line 2, column eras: "Kazakhs" names Kazakhs (key kazakhs, ethnic group), not an era term');
    expect(await interviewsCount()).toBe(imported);
  });

  it('says what is missing from the command line', async () => {
    const out = capture();
    expect(await main([], {}, out), out.text()).toBe(2);
    expect(out.text()).toContain('- name exactly one folder of recordings');
    expect(out.text()).toContain('- the token is missing: --token or ARCHIVE_TOKEN');
    expect(out.text()).not.toContain('API URL');
  });

  it('without --api, talks to the API on its contract port 4000', async () => {
    const folder = await folderWith('default-api', { 'one.wav': tones['kim-family.wav']! });
    const out = capture();
    // A folder without a manifest names no terms or narrators, so the dry run asks the API nothing.
    expect(await main([folder, '--dry-run', '--token=t'], {}, out), out.text()).toBe(0);
    expect(out.text()).toContain('nothing was sent to http://localhost:4000/graphql.');
    expect(out.text()).toContain('  folder  one.wav (172.3 KiB)  access: private\n');
  });
});
