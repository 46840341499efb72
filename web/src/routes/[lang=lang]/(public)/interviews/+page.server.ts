import { graphql, InterviewCardFields } from '$lib/graphql.js';
import { SPOKEN_LANGUAGES } from '$lib/languages.js';
import { query } from '$lib/server/client.js';
import { waysIn } from '$lib/server/terms.js';
import type { PageServerLoad } from './$types';

const Interviews = graphql(
  `
  query InterviewsPage($filter: InterviewFilter!, $after: String) {
    interviews(first: 20, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...InterviewCardFields
      }
    }
  }
`,
  [InterviewCardFields],
);

/** The filters this page understands, each one term id (or a language code); junk is ignored. */
const FILTERS = ['group', 'era', 'place', 'topic'] as const;
const OBJECT_ID = /^[0-9a-f]{24}$/i;

export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const selected = Object.fromEntries(
    FILTERS.map((name) => [name, OBJECT_ID.test(params.get(name) ?? '') ? params.get(name)! : '']),
  ) as Record<(typeof FILTERS)[number], string>;
  const language = (SPOKEN_LANGUAGES as readonly string[]).includes(params.get('language') ?? '') ? params.get('language')! : '';
  const tagIds = Object.values(selected).filter(Boolean);
  const after = params.get('after') || null;

  const [data, terms] = await Promise.all([
    query(event, Interviews, {
      // The public site lists published interviews only, whoever is signed in.
      filter: { status: 'published', ...(tagIds.length ? { tagIds } : {}), ...(language ? { language } : {}) },
      after,
    }),
    waysIn(event),
  ]);
  return {
    interviews: data.interviews,
    ...terms,
    selected,
    language,
    paged: Boolean(after),
  };
};
