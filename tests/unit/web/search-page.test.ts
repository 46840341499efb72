import { describe, expect, it } from 'vitest';
import { snippetParts } from '../../../web/src/routes/[lang=lang]/(public)/search/snippet.js';
import { readParams, searchHref, toFilters } from '../../../web/src/routes/[lang=lang]/(public)/search/search-params.js';

const ID = '66e2e0000000000000000101';
const OTHER = '66e2e0000000000000000102';

describe('snippet parts', () => {
  it('marks the highlighted words and keeps markup in the text as text', () => {
    const text = 'Біз <b>Қазақстан</b> жеріне';
    const start = text.indexOf('Қазақстан');
    expect(snippetParts(text, [{ start, end: start + 'Қазақстан'.length }])).toEqual([
      { text: 'Біз <b>', mark: false },
      { text: 'Қазақстан', mark: true },
      { text: '</b> жеріне', mark: false },
    ]);
  });

  it('skips offsets that overlap, run backwards or fall outside the text', () => {
    expect(snippetParts('abc def', [{ start: 4, end: 7 }, { start: 5, end: 6 }, { start: 2, end: 1 }, { start: 6, end: 40 }])).toEqual([
      { text: 'abc ', mark: false },
      { text: 'def', mark: true },
    ]);
  });
});

describe('the search address', () => {
  it('keeps repeated facet values, drops junk, and bounds the page', () => {
    const url = new URL(`http://site/en/search?q=%20Almaty%20&group=${ID}&group=${OTHER}&group=nonsense&language=kk&language=<x>&sort=date&page=9999&from=2020-01-01&to=yesterday`);
    const params = readParams(url);
    expect(params.q).toBe('Almaty');
    expect(params.selected.ethnicGroups).toEqual([ID, OTHER]);
    expect(params.selected.languages).toEqual(['kk']);
    expect(params.sort).toBe('date');
    expect(params.page).toBe(500);
    expect(params.from).toBe('2020-01-01');
    expect(params.to).toBe('');
    expect(toFilters(params)).toEqual({ ethnicGroups: [ID, OTHER], languages: ['kk'], recordedFrom: '2020-01-01T00:00:00.000Z' });
  });

  it('falls back to relevance and the first page', () => {
    const params = readParams(new URL('http://site/en/search?q=x&sort=random&page=-3'));
    expect(params).toMatchObject({ sort: 'relevance', page: 1 });
    expect(toFilters({ ...params, to: '2021-12-31' })).toEqual({ recordedTo: '2021-12-31T23:59:59.999Z' });
  });

  it('drops one filter value and resets the page, keeping the rest', () => {
    const url = new URL(`http://site/en/search?q=Almaty&group=${ID}&group=${OTHER}&page=3`);
    expect(searchHref(url, { drop: [['group', ID]], set: { page: null } })).toBe(`/en/search?q=Almaty&group=${OTHER}`);
  });
});
