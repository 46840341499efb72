/** The facets the API counts, in the order the page shows them. */
export const FACET_ORDER = ['ethnicGroups', 'eras', 'places', 'languages', 'narratorRoles', 'collections', 'topics'] as const;
export type FacetName = (typeof FACET_ORDER)[number];
