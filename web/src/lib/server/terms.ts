import type { RequestEvent } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { query } from './client.js';

// Fields spelled out rather than spread from TermFields: the API's cost limit (graphql-armor)
// charges a fragment spread an extra level, and these lists are long.
const WaysIn = graphql(`
  query WaysIn {
    groups: vocabularyTerms(kind: ethnic_group, first: 100) {
      nodes {
        id
        key
        kind
        labels { kk ru en }
        startYear
        endYear
      }
    }
    eras: vocabularyTerms(kind: era, first: 100) {
      nodes {
        id
        key
        kind
        labels { kk ru en }
        startYear
        endYear
      }
    }
    places: vocabularyTerms(kind: place, first: 100) {
      nodes {
        id
        key
        kind
        labels { kk ru en }
        startYear
        endYear
      }
    }
  }
`);

/**
 * The vocabulary the public pages are entered by: ethnic groups, eras, places. A document of its own
 * because the API prices each document against a cost limit, and pages fetch it beside their own.
 */
export async function waysIn(event: RequestEvent) {
  const data = await query(event, WaysIn, {});
  return { groups: data.groups.nodes, eras: data.eras.nodes, places: data.places.nodes };
}
