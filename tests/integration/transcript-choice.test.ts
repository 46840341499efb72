/**
 * One rule for "which transcript": the GraphQL field the pages read, the captions track they point
 * at, and the exports all give the same transcript, and a captions URL that names a language carries
 * that language's text (never another one's, which a track labelled Kazakh once carried).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVtt } from '../../shared/formats/index.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let bilingual: string;
let noTranscript: string;

const KK = 'Біз Алматыға келдік.';
const RU = 'Мы приехали в Алма-Ату.';
const EN = 'We came to Alma-Ata.';

beforeAll(async () => {
  archive = await startTestArchive();
  bilingual = await storedInterview(archive, { title: 'Two languages' });
  noTranscript = await storedInterview(archive, { title: 'Not transcribed yet' });
  // Russian is the main spoken language here; inserted after the others so neither database order
  // nor the alphabet would put it first by accident.
  await archive.db.models.Interview.updateOne({ _id: bilingual }, { $set: { languages: ['ru', 'kk'] } });
  for (const [language, text] of [['en', EN], ['kk', KK], ['ru', RU]] as const) {
    await archive.db.models.Transcript.create({ interviewId: bilingual, language, status: 'approved', segments: [{ start: 0, end: 2, text }] });
  }
});
afterAll(() => archive?.close());

const PAGE = `query ($id: ID!, $language: String) {
  interview(id: $id) { transcripts { language } transcript(language: $language) { language segments { text } } }
}`;
const vtt = async (id: string, lang?: string) => {
  const res = await fetch(`${archive.url}/api/interviews/${id}/transcript.vtt${lang ? `?lang=${lang}` : ''}`);
  return { status: res.status, texts: res.ok ? parseVtt(await res.text()).map((s) => s.text) : [] };
};

describe('which transcript a viewer is shown', () => {
  it('offers the main spoken language first, then the rest alphabetically', async () => {
    const res = await archive.gql(PAGE, { id: bilingual });
    expect(res.errors).toBeUndefined();
    expect(res.data!.interview.transcripts.map((t: any) => t.language)).toEqual(['ru', 'kk', 'en']);
    expect(res.data!.interview.transcript).toEqual({ language: 'ru', segments: [{ text: RU }] });
  });

  it('gives the page the language asked for, and falls back to the main one for a language it lacks', async () => {
    const kk = await archive.gql(PAGE, { id: bilingual, language: 'kk' });
    expect(kk.data!.interview.transcript).toEqual({ language: 'kk', segments: [{ text: KK }] });
    const missing = await archive.gql(PAGE, { id: bilingual, language: 'ug' });
    expect(missing.data!.interview.transcript.language).toBe('ru');
    const none = await archive.gql(PAGE, { id: noTranscript });
    expect(none.data!.interview.transcript).toBeNull();
  });

  it('gives each captions URL the text of the language it names, as its track label says', async () => {
    for (const [language, text] of [['kk', KK], ['ru', RU], ['en', EN]] as const) {
      const page = await archive.gql(PAGE, { id: bilingual, language });
      const shown = page.data!.interview.transcript;
      // What the page labels its track with, and what the track it points at carries.
      expect(shown.language).toBe(language);
      expect(await vtt(bilingual, shown.language)).toEqual({ status: 200, texts: [text] });
    }
    expect((await vtt(bilingual, 'ug')).status).toBe(404);
  });

  it('exports, without a language, the transcript the page shows', async () => {
    const page = await archive.gql(PAGE, { id: bilingual });
    expect(page.data!.interview.transcript.segments[0].text).toBe(RU);
    expect(await vtt(bilingual)).toEqual({ status: 200, texts: [RU] });
    const ohms = await (await fetch(`${archive.url}/api/interviews/${bilingual}/ohms.xml`)).text();
    expect(ohms).toContain(RU);
    expect(ohms).not.toContain(KK);
  });
});
