/**
 * The search page's address: every choice lives in the URL (shareable, and the back button works),
 * under short names a person can read. One place maps them to the API's filters and back.
 */
import type { FacetName } from './facets.js';

export const PAGE_SIZE = 20;
export const MAX_PAGE = 500;
export const SORTS = ['relevance', 'date', 'date_asc'] as const;
export type Sort = (typeof SORTS)[number];

/** URL parameter ↔ API facet. Repeated parameters are alternatives within a facet. */
export const FACET_PARAMS: Record<FacetName, string> = {
  ethnicGroups: 'group',
  eras: 'era',
  places: 'place',
  topics: 'topic',
  languages: 'language',
  narratorRoles: 'role',
  collections: 'collection',
};

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const CODE = /^[a-z][a-z_-]{0,39}$/;
/** Which values each facet accepts; anything else in the URL is dropped, not sent. */
const VALID: Record<FacetName, RegExp> = {
  ethnicGroups: OBJECT_ID,
  eras: OBJECT_ID,
  places: OBJECT_ID,
  topics: OBJECT_ID,
  collections: OBJECT_ID,
  languages: CODE,
  narratorRoles: CODE,
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface SearchParams {
  q: string;
  selected: Record<FacetName, string[]>;
  from: string;
  to: string;
  sort: Sort;
  page: number;
}

const validDay = (value: string | null) => (value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : '');

export function readParams(url: URL): SearchParams {
  const p = url.searchParams;
  const selected = Object.fromEntries(
    (Object.keys(FACET_PARAMS) as FacetName[]).map((name) => [
      name,
      [...new Set(p.getAll(FACET_PARAMS[name]).filter((v) => VALID[name].test(v)))].slice(0, 20),
    ]),
  ) as Record<FacetName, string[]>;
  const sort = (SORTS as readonly string[]).includes(p.get('sort') ?? '') ? (p.get('sort') as Sort) : 'relevance';
  const page = Math.min(MAX_PAGE, Math.max(1, Math.floor(Number(p.get('page')) || 1)));
  return { q: (p.get('q') ?? '').trim(), selected, from: validDay(p.get('from')), to: validDay(p.get('to')), sort, page };
}

/** The API's filters input; the end day is included whole. */
export function toFilters(params: SearchParams) {
  const facets = Object.fromEntries(Object.entries(params.selected).filter(([, values]) => values.length));
  return {
    ...facets,
    ...(params.from ? { recordedFrom: `${params.from}T00:00:00.000Z` } : {}),
    ...(params.to ? { recordedTo: `${params.to}T23:59:59.999Z` } : {}),
  };
}

export function hasFilters(params: SearchParams): boolean {
  return Object.values(params.selected).some((v) => v.length > 0) || Boolean(params.from || params.to);
}

/** The same search with changes: `null` removes a parameter, `[name, value]` pairs drop one value. */
export function searchHref(
  base: URL,
  change: { set?: Record<string, string | null>; drop?: [string, string][] } = {},
): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(change.set ?? {})) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  for (const [name, value] of change.drop ?? []) url.searchParams.delete(name, value);
  return url.pathname + url.search;
}
