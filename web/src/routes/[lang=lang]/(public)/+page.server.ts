import { CollectionCardFields, graphql, InterviewCardFields, type InterviewCardData } from '$lib/graphql.js';
import { query } from '$lib/server/client.js';
import { waysIn } from '$lib/server/terms.js';
import type { PageServerLoad } from './$types';

// Three documents rather than one: the API prices each document against a cost limit (graphql-armor),
// and the three are fetched in parallel anyway.
const FeaturedCollections = graphql(
  `
  query HomeCollections {
    featuredCollections: collections(first: 5, filter: { featured: true, status: published }) {
      nodes {
        ...CollectionCardFields
        blocks {
          type
          interview {
            ...InterviewCardFields
          }
        }
      }
    }
  }
`,
  [CollectionCardFields, InterviewCardFields],
);

const Latest = graphql(
  `
  query HomeLatest {
    latest: interviews(first: 6, filter: { status: published }) {
      nodes {
        ...InterviewCardFields
      }
    }
  }
`,
  [InterviewCardFields],
);

const FEATURED_STORIES = 6;

export const load: PageServerLoad = async (event) => {
  const [collections, latest, terms] = await Promise.all([
    query(event, FeaturedCollections, {}),
    query(event, Latest, {}),
    waysIn(event),
  ]);
  const featured = collections.featuredCollections.nodes;
  // The flagship is the oldest featured collection for everyone (not a lesson); the rest follow it.
  const byAge = [...featured].sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''));
  const flagship = byAge.find((c) => c.audience === 'general') ?? byAge[0] ?? null;

  // Featured stories: the interviews the featured collections draw on (editors chose them), then
  // the newest published ones to fill the row.
  const stories = new Map<string, InterviewCardData>();
  for (const collection of [flagship, ...byAge].filter((c) => c !== null)) {
    for (const block of collection.blocks) if (block.interview) stories.set(block.interview.id, block.interview);
  }
  for (const interview of latest.latest.nodes) stories.set(interview.id, interview);

  const withoutBlocks = ({ blocks: _blocks, ...card }: (typeof featured)[number]) => card;
  return {
    flagship: flagship && withoutBlocks(flagship),
    collections: byAge.filter((c) => c !== flagship).map(withoutBlocks),
    stories: [...stories.values()].slice(0, FEATURED_STORIES),
    ...terms,
  };
};
