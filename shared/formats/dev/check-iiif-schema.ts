/**
 * Dev-time check, run by hand: validates a sample manifest from buildIiifManifest against the IIIF
 * community's Presentation 3.0 JSON Schema, which lives beside the project rather than in it.
 *
 *     npx tsx shared/formats/dev/check-iiif-schema.ts ../shared/validators/iiif_3_0.json
 *
 * The unit tests check the manifest's structure instead, so they never read that folder.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { buildIiifManifest } from '../iiif.js';

const schemaPath = process.argv[2];
if (!schemaPath) {
  console.error('usage: check-iiif-schema.ts <path to iiif_3_0.json>');
  process.exit(2);
}
// ajv-formats is CommonJS; under ESM its function may sit on .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

const samples = [
  buildIiifManifest({
    manifestUrl: 'https://archive.example.org/iiif/int-001/manifest',
    meta: {
      id: 'int-001',
      title: 'Алматыға көшу туралы әңгіме (demo, invented)',
      titleTranslations: { ru: 'Рассказ о переезде в Алматы', en: 'On moving to Almaty' },
      narrators: ['Айгүл Сәрсенова'],
      interviewers: ['Интервьюер Демо'],
      date: '2024-05-09',
      languages: ['kk', 'ru'],
      duration: 3661.5,
      summary: 'Invented demo testimony.',
      rights: 'Educational use only',
      rightsUri: 'https://rightsstatements.org/vocab/InC-EDU/1.0/',
    },
    media: { url: 'https://archive.example.org/media/int-001.m4a', format: 'audio/mp4', duration: 3661.5 },
    transcript: [
      { start: 0, end: 4.25, speaker: 'Айгүл', text: 'Біз Алматыға 1941 жылы келдік & <қоныстандық>.' },
      { start: 4.25, end: 9, speaker: null, text: 'Әке-шешем ғана қалды; ұлы үй, өңір, һәм ісі.' },
    ],
    index: [
      { start: 0, title: 'Бала кезі', synopsis: 'Childhood', keywords: ['Алматы'], gps: { lat: 43.238, lon: 76.945 } },
      { start: 60, end: 120, title: 'Соғыс жылдары', keywords: [] },
    ],
    language: 'kk',
  }),
  buildIiifManifest({
    manifestUrl: 'https://archive.example.org/iiif/int-002/manifest.json',
    meta: { id: 'int-002', title: 'ئۇيغۇرچە سۆھبەت', narrators: [], interviewers: [], languages: ['ug'] },
    media: { url: 'https://archive.example.org/media/int-002.mp4', format: 'video/mp4', duration: 90, width: 1280, height: 720 },
    transcript: [{ start: 1, end: 2.5, speaker: 'ئابدۇللا', text: 'مەن ئالمۇتىدا تۇغۇلدۇم' }],
    index: [],
    language: 'ug',
    labelLanguages: ['kk', 'ru', 'en'],
  }),
];

let failed = 0;
for (const [k, manifest] of samples.entries()) {
  if (validate(manifest)) {
    console.log(`sample ${k + 1}: valid`);
  } else {
    failed++;
    console.log(`sample ${k + 1}: INVALID`);
    for (const e of validate.errors ?? []) console.log(`  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
