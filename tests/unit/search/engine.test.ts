import { beforeEach, describe, expect, it } from 'vitest';
import { createSearchEngine, type MiniSearchEngine } from '../../../server/src/search/index.js';
import { everyone, segment } from './fixtures.js';

const ids = (engine: MiniSearchEngine, q: string) => engine.query(q, { visible: everyone, limit: 100 }).hits.map((h) => h.id);

describe('search across scripts and spellings', () => {
  let engine: MiniSearchEngine;
  const kazakhstan = [
    segment('Біз 1937 жылы Қазақстан жеріне келдік.', { language: 'kk' }),
    segment('Нас привезли в Казахстан поздней осенью.', { language: 'ru' }),
    segment('We came to Kazakhstan in the autumn of that year.', { language: 'en' }),
    segment('Qazaqstan tarihynda bul jyl auyr boldy.', { language: 'kk' }),
  ];
  const others = {
    almatyKk: segment('Соғыстан кейін Алматы қаласы өсті.'),
    almatyEn: segment('After the war Almaty grew fast.', { language: 'en' }),
    almaAtaRu: segment('В Алма-Ата мы жили у тёти.', { language: 'ru' }),
    almaAtaEn: segment('Our family settled in Alma-Ata near the bazaar.', { language: 'en' }),
    uyghurKk: segment('Ұйғыр ауылында той болды.'),
    uyghurRu: segment('Уйгурская кухня и уйгур сосед.', { language: 'ru' }),
    uyghurEn: segment('The Uyghur community kept its songs.', { language: 'en' }),
    zhetysuKk: segment('Жетісу өңірінде алма көп.'),
    zhetysuEn: segment('Zhetysu means seven rivers.', { language: 'en' }),
    jetisu: segment('Jetisu jerinde tudym.'),
    unrelated: segment('Астана мен Тараз туралы айтты.'),
  };

  beforeEach(async () => {
    engine = createSearchEngine();
    await engine.add([...kazakhstan, ...Object.values(others)]);
  });

  it.each(['Қазақстан', 'Qazaqstan', 'Казахстан', 'Kazakhstan'])('%s finds the same four segments', (q) => {
    expect(new Set(ids(engine, q))).toEqual(new Set(kazakhstan.map((s) => s.id)));
  });

  it('Алматы / Almaty meet', () => {
    for (const q of ['Алматы', 'Almaty']) expect(ids(engine, q)).toEqual(expect.arrayContaining([others.almatyKk.id, others.almatyEn.id]));
  });

  it('Алма-Ата / Alma-Ata meet', () => {
    for (const q of ['Алма-Ата', 'Alma-Ata']) expect(ids(engine, q)).toEqual(expect.arrayContaining([others.almaAtaRu.id, others.almaAtaEn.id]));
  });

  it('Ұйғыр / Uyghur / Уйгур meet', () => {
    const want = [others.uyghurKk.id, others.uyghurRu.id, others.uyghurEn.id];
    for (const q of ['Ұйғыр', 'Uyghur', 'Уйгур']) expect(ids(engine, q)).toEqual(expect.arrayContaining(want));
  });

  it('Жетісу / Zhetysu / Jetisu meet', () => {
    const want = [others.zhetysuKk.id, others.zhetysuEn.id, others.jetisu.id];
    for (const q of ['Жетісу', 'Zhetysu', 'Jetisu']) expect(ids(engine, q)).toEqual(expect.arrayContaining(want));
  });

  it('does not return unrelated places', () => {
    expect(ids(engine, 'Qazaqstan')).not.toContain(others.unrelated.id);
    expect(ids(engine, 'Almaty')).not.toContain(others.unrelated.id);
  });
});

describe('inflection', () => {
  it('Алматы finds Алматыда, Алматыға, Алматының; депортация finds депортации', async () => {
    const engine = createSearchEngine();
    const forms = [segment('Алматыда тұрдық.'), segment('Алматыға көштік.'), segment('Алматының көшелері.'), segment('Almatyda oqydym.')];
    const deportation = segment('После депортации семья жила в бараке.', { language: 'ru' });
    const apple = segment('Бақта алма пісті.');
    await engine.add([...forms, deportation, apple]);
    expect(new Set(ids(engine, 'Алматы'))).toEqual(new Set(forms.map((s) => s.id)));
    expect(ids(engine, 'депортация')).toEqual([deportation.id]);
    expect(ids(engine, 'Алматыда')).toEqual(expect.arrayContaining(forms.map((s) => s.id)));
    expect(ids(engine, 'алма')).toEqual([apple.id]);
  });

  it('short words take case endings but do not reach longer words that merely start alike', async () => {
    const engine = createSearchEngine();
    const road = [segment('Жолда кездестік.'), segment('Жолға шықтық.'), segment('Ұзақ жол.')];
    const comrade = segment('Менің жолдасым келді.');
    const uyghurs = [segment('Ұйғырлар келді.'), segment('The Uyghurs arrived.', { language: 'en' }), segment('Пришли уйгуров много.', { language: 'ru' })];
    await engine.add([...road, comrade, ...uyghurs]);
    expect(new Set(ids(engine, 'жол'))).toEqual(new Set(road.map((s) => s.id)));
    expect(new Set(ids(engine, 'Uyghur'))).toEqual(new Set(uyghurs.map((s) => s.id)));
  });
});

describe('phrases and typos', () => {
  it('a quoted phrase needs the words adjacent and in order', async () => {
    const engine = createSearchEngine();
    const adjacent = segment('Атам темір жол салуға барды.');
    const apart = segment('Жол бойында темір қалды.');
    const reversed = segment('Бұл жол темір емес.');
    await engine.add([adjacent, apart, reversed]);
    expect(ids(engine, '"темір жол"')).toEqual([adjacent.id]);
    expect(ids(engine, '"temir jol"')).toEqual([adjacent.id]);
    expect(new Set(ids(engine, 'темір жол'))).toEqual(new Set([adjacent.id, apart.id, reversed.id]));
  });

  it('tolerates a small typo in a word the archive does not know', async () => {
    const engine = createSearchEngine();
    const target = segment('Семипалатинск полигоны туралы.');
    await engine.add([target, segment('Басқа әңгіме.')]);
    expect(ids(engine, 'Semipalatinks')).toEqual([target.id]);
    expect(ids(engine, 'Kazakhstn')).toEqual([]);
    expect(engine.query('Semipalatinks', { visible: everyone, fuzzy: false }).total).toBe(0);
  });

  it('marks the matched words in the snippet', async () => {
    const engine = createSearchEngine();
    await engine.add([segment('Біз Алматыға 1941 жылы келдік, Almaty ол кезде кішкентай еді.')]);
    const [hit] = engine.query('Алматы', { visible: everyone }).hits;
    const marked = hit!.snippet.highlights.map(([a, b]) => hit!.snippet.text.slice(a, b));
    expect(marked).toEqual(['Алматыға', 'Almaty']);
  });
});

describe('edits over time', () => {
  it('keeps phrases, common-word checks and counts right after removed documents are compacted away', async () => {
    // A tiny key pool, so a few edits fill it with holes and force the live documents to be copied.
    const engine = createSearchEngine({ keyChunk: 16, commonRatio: 0.5 });
    const keep = segment('Біз Алматыда тұрдық, Верный деген қала еді.', { interviewId: 'keep' });
    await engine.add([keep]);
    for (let round = 0; round < 5; round++) {
      await engine.add(Array.from({ length: 6 }, (_, i) => segment(`Бірінші нұсқа ${round} ${i}: ескі мәтін мұнда.`, { interviewId: 'edited' })));
      await engine.removeInterview('edited');
    }
    expect(engine.size).toBe(1);
    expect(ids(engine, '"Верный деген қала"')).toEqual([keep.id]);
    expect(ids(engine, 'Алматы біз')).toEqual([keep.id]);
    expect(ids(engine, 'ескі')).toEqual([]);
    expect(engine.stats().documents).toBe(1);
  });
});
