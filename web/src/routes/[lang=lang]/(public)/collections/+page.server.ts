import { CollectionCardFields, graphql } from '$lib/graphql.js';
import { query } from '$lib/server/client.js';
import type { PageServerLoad } from './$types';

const Collections = graphql(
  `
  query CollectionsPage {
    collections(first: 100, filter: { status: published }) {
      nodes {
        ...CollectionCardFields
      }
    }
  }
`,
  [CollectionCardFields],
);

export const load: PageServerLoad = async (event) => {
  const data = await query(event, Collections, {});
  return { collections: data.collections.nodes };
};
