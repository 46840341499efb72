import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/paraglide/runtime.js';
import type { Term } from '$lib/graphql.js';
import { languageLabel } from '$lib/format.js';
import { text, type LocalizedText } from '$lib/localized.js';
import { roleLabel } from '$lib/roles.js';
import type { FacetName } from './facets.js';

export const FACET_LEGEND: Record<FacetName, () => string> = {
  ethnicGroups: m.search_facet_ethnicGroups,
  eras: m.search_facet_eras,
  places: m.search_facet_places,
  topics: m.search_facet_topics,
  languages: m.search_facet_languages,
  narratorRoles: m.search_facet_narratorRoles,
  collections: m.search_facet_collections,
};

export const KIND_LABEL: Record<string, () => string> = {
  segment: m.search_kind_segment,
  indexSegment: m.search_kind_indexSegment,
  interview: m.search_kind_interview,
  narrator: m.search_kind_narrator,
  collection: m.search_kind_collection,
};

export const SORT_LABEL = { relevance: m.search_sort_relevance, date: m.search_sort_date, date_asc: m.search_sort_date_asc };

/**
 * A facet value's name: the API's label (vocabulary terms, collection titles), a language's or a
 * role's name, or — for a chosen filter that no longer has hits — the vocabulary the page loaded.
 */
export function facetValueLabel(
  name: FacetName,
  value: string,
  label: LocalizedText | null | undefined,
  terms: readonly Term[],
  lang: Locale,
): string {
  if (label) return text(label, lang);
  if (name === 'languages') return languageLabel(value, lang);
  if (name === 'narratorRoles') return roleLabel(value);
  const term = terms.find((t) => t.id === value);
  return term ? text(term.labels, lang) : m.search_filter_unnamed();
}
