/**
 * A field day as a researcher writes it, through the batch import against a real API (FerretDB,
 * s3rver): vocabulary by labels in three languages and scripts, a new narrator from narrators.csv,
 * a signed release with each recording; a rerun (also after an interruption) changes nothing; a sheet
 * with several problems is refused whole, each problem with its file, line and column.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import type { InterviewDoc } from '../../server/src/interviews/interview.model.js';
import { main } from '../../ingest/src/cli/import.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { makeFixture } from './media-support.js';

let archive: TestArchive;
let researcher: { id: string; token: string };
let root: string;
const ids: Record<string, string> = {};
let recordings: Record<string, Uint8Array>;
// A minimal PDF: the release scan.
const PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
  root = await mkdtemp(join(tmpdir(), 'field-day-'));
  const T = archive.db.models.VocabularyTerm;
  ids.kazakhs = (await T.create({ kind: 'ethnic_group', key: 'kazakhs', labels: { en: 'Kazakhs', ru: 'Казахи', kk: 'Қазақтар' } }))._id.toHexString();
  ids.growth = (await T.create({ kind: 'era', key: 'soviet-city-growth', startYear: 1960, labels: { en: 'Growth of the Soviet city', ru: 'Рост советского города' } }))._id.toHexString();
  ids.family = (await T.create({ kind: 'topic', key: 'family-memory', labels: { en: 'Family memory', kk: 'Отбасы жады' } }))._id.toHexString();
  await T.create({ kind: 'topic', key: 'trade-bazaar', labels: { en: 'Bazaar', ru: 'Базар' } });
  await T.create({ kind: 'place', key: 'zelyony-bazaar', labels: { en: 'Green Bazaar' }, altLabels: ['Bazaar'] });
  recordings = {};
  for (const [i, name] of ['morning.wav', 'noon.wav', 'evening.wav'].entries()) {
    recordings[name] = await makeFixture(root, name, ['-f', 'lavfi', '-i', `sine=frequency=${400 + 150 * i}:duration=1`]);
  }
}, 60_000);
afterAll(async () => {
  await archive?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

function capture(onWrite?: (text: string) => void) {
  let text = '';
  return { isTTY: false, write: (t: string) => ((text += t), onWrite?.(t)), text: () => text };
}
const env = () => ({ ARCHIVE_API_URL: archive.url, ARCHIVE_TOKEN: researcher.token });
const mine = () => archive.db.models.Interview.find({ createdBy: researcher.id }).lean<InterviewDoc[]>();
const smagulovas = () => archive.db.models.Narrator.countDocuments({ 'names.value': 'Айгуль Смагулова' });

async function fieldDay(name: string) {
  const folder = join(root, name);
  await mkdir(folder);
  for (const [file, bytes] of Object.entries(recordings)) await writeFile(join(folder, file), bytes);
  await writeFile(join(folder, 'release-morning.pdf'), PDF);
  await writeFile(join(folder, 'release-noon.pdf'), PDF);
  await writeFile(
    join(folder, 'manifest.csv'),
    [
      'file;title;narrators;date;ethnic groups;eras;topics;release;permits;embargo until',
      'morning.wav;Morning at the bazaar;Айгуль Смагулова;2026-05-14;Kazakhs;Рост советского города;Otbasy jady;release-morning.pdf;public;',
      'noon.wav;Noon;Aigul Smagulova;2026-05-14;Қазақтар;Growth of the Soviet city;;release-noon.pdf;research;2030-01-01',
      'evening.wav;Evening;;2026-05-14;казахи;;Family memory;;;',
    ].join('\n'),
  );
  await writeFile(
    join(folder, 'narrators.csv'),
    ['name kk,name ru,name en,birth year,birth place,ethnic identity,roles,details public', 'Айгүл Смағұлова,Айгуль Смагулова,Aigul Smagulova,1941,Almaty,Kazakh,diaspora elder; witness,no'].join('\n'),
  );
  return folder;
}

describe('a field day through npm run ingest', () => {
  it('tags by labels in three scripts, brings the new narrator in once, records the releases; a rerun changes nothing', { timeout: 90_000 }, async () => {
    const folder = await fieldDay('day-one');
    const dry = capture();
    expect(await main([folder, '--manifest', 'manifest.csv', '--dry-run'], env(), dry), dry.text()).toBe(0);
    expect(dry.text()).toContain('Would first create 1 narrator from the sheet (the others are in the archive already):\n  line 2  Айгүл Смағұлова / Айгуль Смагулова / Aigul Smagulova\n');
    expect(dry.text()).toContain('release: release-noon.pdf (permits research, embargo until 2030-01-01)');
    expect(await smagulovas()).toBe(0);

    const out = capture();
    expect(await main([folder, '--manifest', 'manifest.csv'], env(), out), out.text()).toBe(0);
    expect(out.text()).toContain('1 new narrator from narrators.csv');
    const interviews = await mine();
    expect(interviews).toHaveLength(3);
    const byTitle = Object.fromEntries(interviews.map((i) => [i.title.en, i]));
    expect(byTitle['Morning at the bazaar']!.tagIds.map(String)).toEqual([ids.kazakhs, ids.growth, ids.family]);
    expect(byTitle.Noon!.tagIds.map(String)).toEqual([ids.kazakhs, ids.growth]);
    expect(byTitle.Evening!.tagIds.map(String)).toEqual([ids.kazakhs, ids.family]);

    const narrators = await archive.db.models.Narrator.find({ 'names.value': 'Айгуль Смагулова' }).lean();
    expect(narrators).toHaveLength(1);
    const person = narrators[0]!;
    expect(person.birthYear).toBe(1941);
    expect(person.roles).toEqual(['diaspora_elder', 'witness']);
    expect(person.names.map((n) => [n.value, n.script])).toEqual([
      ['Айгүл Смағұлова', 'Cyrl'],
      ['Айгуль Смагулова', 'Cyrl'],
      ['Aigul Smagulova', 'Latn'],
    ]);
    // Named in Cyrillic on one row and Latin on the next: the same person.
    expect(byTitle['Morning at the bazaar']!.narratorIds.map(String)).toEqual([person._id.toHexString()]);
    expect(byTitle.Noon!.narratorIds.map(String)).toEqual([person._id.toHexString()]);

    const morning = byTitle['Morning at the bazaar']!.release!;
    expect(morning).toMatchObject({ permits: 'public', documentName: 'release-morning.pdf' });
    expect(Buffer.from(await archive.storage.getBytes(morning.documentKey!)).toString()).toBe(PDF);
    expect(byTitle.Noon!.release).toMatchObject({ permits: 'research', embargoUntil: new Date('2030-01-01T00:00:00Z') });
    expect(byTitle.Evening!.release?.documentKey ?? null).toBeNull();

    const again = capture();
    expect(await main([folder, '--manifest', 'manifest.csv'], env(), again), again.text()).toBe(0);
    expect(again.text()).not.toContain('new narrator');
    expect(again.text()).not.toContain('release ');
    expect((await mine()).map((i) => [String(i._id), i.version]).sort()).toEqual(interviews.map((i) => [String(i._id), i.version]).sort());
    expect(await smagulovas()).toBe(1);
  });

  it('a run interrupted after the narrators were created resumes without a second narrator or interview', { timeout: 90_000 }, async () => {
    await archive.db.models.Narrator.deleteMany({ 'names.value': 'Айгуль Смагулова' });
    await archive.db.models.Interview.deleteMany({ createdBy: researcher.id });
    const folder = await fieldDay('day-two');
    const controller = new AbortController();
    const cut = capture((t) => t.includes('uploaded') && controller.abort());
    await expect(main([folder, '--manifest', 'manifest.csv'], env(), cut, controller.signal)).rejects.toThrow();
    expect(await smagulovas()).toBe(1);
    expect((await mine()).length).toBeLessThan(3);
    const rest = capture();
    expect(await main([folder, '--manifest', 'manifest.csv'], env(), rest), rest.text()).toBe(0);
    expect(rest.text()).not.toContain('new narrator');
    expect(await smagulovas()).toBe(1);
    const titles = (await mine()).map((i) => i.title.en).sort();
    expect(titles).toEqual(['Evening', 'Morning at the bazaar', 'Noon']);
  });

  it('an ambiguous label and a date of 2025-13-40 are refused whole, both named with line and column', { timeout: 60_000 }, async () => {
    const folder = join(root, 'bad-day');
    await mkdir(folder);
    await writeFile(join(folder, 'a.wav'), recordings['morning.wav']!);
    await writeFile(join(folder, 'b.wav'), recordings['noon.wav']!);
    await writeFile(join(folder, 'manifest.csv'), 'file,date,tags,narrators\na.wav,2025-13-40,Kazakhs,Someone New\nb.wav,2025-05-01,Bazaar,Someone New\n');
    await writeFile(join(folder, 'narrators.csv'), 'name en,birth year,roles,details public\nSomeone New,19x1,war veteran; astronaut,perhaps\n');
    const before = (await mine()).length;
    const narratorsBefore = await archive.db.models.Narrator.countDocuments({});
    const out = capture();
    expect(await main([folder, '--manifest', 'manifest.csv'], env(), out), out.text()).toBe(2);
    const lines = out.text().trim().split('\n');
    expect(lines).toContain('manifest.csv line 2, column date: "2025-13-40" is not a day written YYYY-MM-DD, or there is no such day');
    expect(lines).toContain(
      'manifest.csv line 3, column tags: "Bazaar" is ambiguous: it names Bazaar (key trade-bazaar, topic); Green Bazaar (key zelyony-bazaar, place); write the key of the one you mean',
    );
    expect(lines).toContain('narrators.csv line 2, column birth year: "19x1" is not a year of birth from 1850 to ' + new Date().getUTCFullYear());
    expect(lines).toContain('narrators.csv line 2, column roles: "astronaut" is not a role; the roles are: war veteran, labour veteran, diaspora elder, public figure, community leader, witness');
    expect(lines).toContain('narrators.csv line 2, column details public: "perhaps" is neither yes nor no');
    expect(lines.at(-1)).toMatch(/^Nothing was sent: fix these \d+ problems/);
    expect((await mine()).length).toBe(before);
    expect(await archive.db.models.Narrator.countDocuments({})).toBe(narratorsBefore);

    // The same problems in the language the researcher chose, by flag or by the environment's locale.
    const ru = capture();
    expect(await main([folder, '--manifest', 'manifest.csv', '--lang', 'ru'], env(), ru), ru.text()).toBe(2);
    expect(ru.text()).toContain('manifest.csv, строка 2, столбец date: «2025-13-40» не записана как ГГГГ-ММ-ДД или такого дня нет');
    expect(ru.text()).toContain('manifest.csv, строка 3, столбец tags: «Bazaar» неоднозначно: это Bazaar (key trade-bazaar, topic); Green Bazaar (key zelyony-bazaar, place); напишите ключ нужного');
    expect(ru.text().trim().split('\n').at(-1)).toMatch(/^Ничего не отправлено: исправьте эти ошибки \(\d+\)/);
    const kk = capture();
    expect(await main([folder, '--manifest', 'manifest.csv'], { ...env(), LANG: 'kk_KZ.UTF-8' }, kk), kk.text()).toBe(2);
    expect(kk.text()).toContain('narrators.csv, 2-жол, details public бағаны: «perhaps» «иә» да, «жоқ» та емес');
    const wrong = capture();
    expect(await main([folder, '--lang', 'de', '--token=t'], {}, wrong)).toBe(2);
    expect(wrong.text()).toContain('--lang must be kk, ru or en, not de');
  });

  it('a researcher cannot open a new narrator\'s details; an editor can, and they are stored as agreed', { timeout: 60_000 }, async () => {
    const folder = join(root, 'consent');
    await mkdir(folder);
    await writeFile(join(folder, 'a.wav'), recordings['morning.wav']!);
    await writeFile(join(folder, 'manifest.csv'), 'file,narrators\na.wav,Ерлан Агreed\n');
    await writeFile(join(folder, 'narrators.csv'), 'name en,birth year,details public\nЕрлан Агreed,1950,yes\n');
    const out = capture();
    expect(await main([folder, '--manifest', 'manifest.csv', '--dry-run'], env(), out), out.text()).toBe(2);
    expect(out.text()).toContain('narrators.csv line 2, column details public: only an editor may record that the narrator agreed');
    const editor = await archive.userWithRoles([Role.editor]);
    const ok = capture();
    expect(await main([folder, '--manifest', 'manifest.csv'], { ARCHIVE_API_URL: archive.url, ARCHIVE_TOKEN: editor.token }, ok), ok.text()).toBe(0);
    const stored = await archive.db.models.Narrator.findOne({ 'names.value': 'Ерлан Агreed' }).lean();
    expect(stored).toMatchObject({ birthYear: 1950, detailsPublic: true });
  });

  it('release terms without a scan, or a scan that is not in the folder, are problems of their cells', async () => {
    const folder = join(root, 'bad-release');
    await mkdir(folder);
    await writeFile(join(folder, 'a.wav'), recordings['morning.wav']!);
    await writeFile(join(folder, 'b.wav'), recordings['noon.wav']!);
    await writeFile(join(folder, 'manifest.csv'), 'file,release,permits,embargo until\na.wav,,public,\nb.wav,lost.pdf,everyone,2030-02-31\n');
    const out = capture();
    expect(await main([folder, '--manifest', 'manifest.csv', '--dry-run'], env(), out), out.text()).toBe(2);
    expect(out.text().trim().split('\n')).toEqual([
      'manifest.csv line 2, column release: the release terms are filled but no release scan is named',
      'manifest.csv line 3, column release: "lost.pdf" is not in the folder',
      'manifest.csv line 3, column permits: permits "everyone" is not one of private, research, education, public',
      'manifest.csv line 3, column embargo until: "2030-02-31" is not a day written YYYY-MM-DD, or there is no such day',
      'Nothing was sent: fix these 4 problems and run the import again.',
    ]);
  });
});
