import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Actor } from '../../../server/src/access/actor.js';
import { AccessLevel, Role } from '../../../server/src/access/levels.js';
import { createSearchEngine, FACET_NAMES, visibilityFor } from '../../../server/src/search/index.js';
import type { FacetName, SearchResponse } from '../../../server/src/search/types.js';
import { everyone, publicInterview, researchInterview, segment } from './fixtures.js';

const teacher: Actor = { userId: 't1', roles: [Role.teacher] };
const researcher: Actor = { userId: 'r1', roles: [Role.researcher] };
const editor: Actor = { userId: 'e1', roles: [Role.editor] };

const koreans = { ethnicGroups: ['koreans'], eras: ['deportations-1937'], places: ['ushtobe'], languages: ['ru'] };
const germans = { ethnicGroups: ['germans'], eras: ['war'], places: ['almaty'], languages: ['ru'] };
const both = { ethnicGroups: ['koreans', 'germans'], eras: ['war'], places: ['almaty'], languages: ['kk'] };

/** Counts of each facet value, recomputed by hand from the hits. */
function countsFromHits(response: SearchResponse, docs: Map<string, ReturnType<typeof segment>>, facet: FacetName) {
  const counts = new Map<string, number>();
  for (const hit of response.hits) for (const v of docs.get(hit.id)!.facets[facet] ?? []) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Object.fromEntries(counts);
}

async function archive() {
  const docs = [
    segment('Депортация корейцев в Уштобе.', { interviewId: 'k', facets: koreans, recordedOn: Date.UTC(2001, 0, 1) }),
    segment('Вторая депортация корейцев.', { interviewId: 'k', facets: koreans, recordedOn: Date.UTC(2001, 0, 1) }),
    segment('Депортация немцев в сорок первом.', { interviewId: 'g', facets: germans, recordedOn: Date.UTC(2010, 0, 1) }),
    segment('Депортация и эвакуация.', { interviewId: 'm', facets: both, recordedOn: Date.UTC(2005, 0, 1) }),
    segment('Секретная депортация, закрытая часть.', {
      interviewId: 'x', facets: { ethnicGroups: ['chechens'], eras: ['war'], places: ['almaty'], languages: ['ru'] },
      access: { interview: researchInterview }, recordedOn: Date.UTC(2015, 0, 1),
    }),
    segment('Депортация: закрытый отрывок открытого интервью.', {
      interviewId: 'g', facets: germans, access: { interview: publicInterview, partLevel: AccessLevel.research },
    }),
  ];
  const engine = createSearchEngine();
  await engine.add(docs);
  return { engine, docs: new Map(docs.map((d) => [d.id, d])) };
}

describe('facets over filtered hits', () => {
  it('counts equal the counts of the filtered, visible hits', async () => {
    const { engine, docs } = await archive();
    for (const filters of [undefined, { eras: ['war'] }, { ethnicGroups: ['koreans', 'germans'] }, { places: ['almaty'], languages: ['kk'] }]) {
      const response = engine.query('депортация', { visible: visibilityFor(ANONYMOUS), filters, facets: FACET_NAMES, limit: 100 });
      expect(response.hits).toHaveLength(response.total);
      for (const facet of FACET_NAMES) {
        const counted = Object.fromEntries((response.facets[facet] ?? []).map((c) => [c.value, c.count]));
        expect(counted).toEqual(countsFromHits(response, docs, facet));
      }
    }
  });

  it('filters AND across facets, OR within one, and by date range', async () => {
    const { engine } = await archive();
    const q = (filters: object) => engine.query('депортация', { visible: everyone, filters, limit: 100 }).total;
    expect(q({ ethnicGroups: ['koreans'] })).toBe(3);
    expect(q({ ethnicGroups: ['koreans'], eras: ['war'] })).toBe(1);
    expect(q({ ethnicGroups: ['koreans', 'chechens'] })).toBe(4);
    expect(q({ recordedFrom: Date.UTC(2004, 0, 1), recordedTo: Date.UTC(2012, 0, 1) })).toBe(2);
    expect(q({ ethnicGroups: ['nobody'] })).toBe(0);
  });
});

describe('access in search', () => {
  const secretWords = /Секретная|закрыт/;

  it.each([
    ['anonymous', ANONYMOUS],
    ['teacher', teacher],
  ])('a restricted interview and a restricted passage are invisible to %s: hits, snippets, counts', async (_name, actor) => {
    const { engine } = await archive();
    const response = engine.query('депортация', { visible: visibilityFor(actor), facets: FACET_NAMES, limit: 100 });
    expect(response.total).toBe(4);
    expect(response.hits.map((h) => h.interviewId)).not.toContain('x');
    for (const hit of response.hits) expect(hit.snippet.text).not.toMatch(secretWords);
    expect(response.facets.ethnicGroups?.map((c) => c.value)).not.toContain('chechens');
    expect(response.facets.eras?.find((c) => c.value === 'war')?.count).toBe(2);
    // Asking for the restricted text itself finds nothing, not even a count.
    expect(engine.query('секретная', { visible: visibilityFor(actor), facets: FACET_NAMES }).total).toBe(0);
  });

  it.each([
    ['researcher', researcher],
    ['editor', editor],
  ])('staff (%s) see them', async (_name, actor) => {
    const { engine } = await archive();
    const response = engine.query('депортация', { visible: visibilityFor(actor), facets: ['ethnicGroups'], limit: 100 });
    expect(response.total).toBe(6);
    expect(response.facets.ethnicGroups?.find((c) => c.value === 'chechens')?.count).toBe(1);
  });
});

describe('ranking', () => {
  it('documents tagged with a vocabulary term the query names rank above plain text', async () => {
    const plain = segment('Корейцы, корейцы, корейцы жили рядом, корейцы везде.', { interviewId: 'p', facets: { ethnicGroups: ['germans'] } });
    const tagged = segment('Среди соседей были и корейцы.', { interviewId: 't', facets: { ethnicGroups: ['ethnic_group:koreans'] } });
    const engine = createSearchEngine();
    await engine.add([plain, tagged]);
    expect(engine.query('корейцы', { visible: everyone }).hits[0]!.id).toBe(plain.id);
    engine.setVocabulary([{ id: 'ethnic_group:koreans', labels: ['корейлер', 'корейцы', 'Koreans', 'Koryo-saram'] }]);
    for (const q of ['корейцы', 'корейцев']) {
      const response = engine.query(q, { visible: everyone });
      expect(response.vocabularyMatches).toEqual(['ethnic_group:koreans']);
      expect(response.hits.map((h) => h.id)).toEqual([tagged.id, plain.id]);
      expect(response.hits[0]!.matchedTerms).toEqual(['ethnic_group:koreans']);
    }
  });

  it('sorts by date, newest or oldest first, and pages', async () => {
    const { engine } = await archive();
    const dates = (sort: 'date' | 'date_asc') =>
      engine.query('депортация', { visible: everyone, sort, limit: 100 }).hits.map((h) => h.recordedOn!);
    expect(dates('date')).toEqual([...dates('date')].sort((a, b) => b - a));
    expect(dates('date_asc')).toEqual([...dates('date')].reverse());
    const all = engine.query('депортация', { visible: everyone, limit: 100 }).hits.map((h) => h.id);
    const page = engine.query('депортация', { visible: everyone, offset: 2, limit: 2 }).hits.map((h) => h.id);
    expect(page).toEqual(all.slice(2, 4));
  });
});

describe('keeping the index fresh', () => {
  it('replaces, removes one document, or every document of an interview', async () => {
    const { engine } = await archive();
    const [first] = engine.query('Уштобе', { visible: everyone }).hits;
    await engine.add([segment('Новый текст про Талгар.', { interviewId: 'k' })]);
    expect(engine.query('Талгар', { visible: everyone }).total).toBe(1);
    await engine.remove([first!.id]);
    expect(engine.query('Уштобе', { visible: everyone }).total).toBe(0);
    await engine.removeInterview('k');
    expect(engine.query('корейцев', { visible: everyone }).total).toBe(0);
    expect(engine.query('Талгар', { visible: everyone }).total).toBe(0);
  });

  it('an edited segment (same id) is searchable by its new words only', async () => {
    const engine = createSearchEngine();
    const before = segment('Әкем Талғарда жұмыс істеді.');
    await engine.add([before]);
    await engine.add([{ ...before, text: 'Әкем Қаскелеңде жұмыс істеді.' }]);
    expect(engine.size).toBe(1);
    expect(engine.query('Талғар', { visible: everyone }).total).toBe(0);
    expect(engine.query('Kaskelen', { visible: everyone }).hits.map((h) => h.id)).toEqual([before.id]);
  });

  it('applies updates in the order they were asked for, even when not awaited', async () => {
    const engine = createSearchEngine({ sliceMs: 1 });
    const before = Array.from({ length: 800 }, (_, i) => segment(`Талғар туралы ${i}.`, { interviewId: 'o' }));
    const after = segment('Қаскелең туралы.', { interviewId: 'o' });
    await Promise.all([engine.add(before), engine.removeInterview('o'), engine.add([after])]);
    expect(engine.size).toBe(1);
    expect(engine.query('Талғар', { visible: everyone }).total).toBe(0);
    expect(engine.query('Qaskeleñ', { visible: everyone }).hits.map((h) => h.id)).toEqual([after.id]);
  });

  it('yields to the event loop while indexing', async () => {
    const engine = createSearchEngine({ sliceMs: 2 });
    const docs = Array.from({ length: 3000 }, (_, i) => segment(`Сегмент ${i} туралы әңгіме Алматыда болды.`, { interviewId: `y${i % 7}` }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await engine.add(docs);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(engine.size).toBe(3000);
  });
});
