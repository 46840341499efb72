import { graphql } from '$lib/graphql.js';
import { ApiError, execute } from '$lib/server/client.js';
import { waysIn } from '$lib/server/terms.js';
import type { PageServerLoad } from './$types';
import { snippetParts } from './snippet.js';
import { PAGE_SIZE, readParams, toFilters } from './search-params.js';

const Search = graphql(`
  query SearchPage($q: String!, $filters: SearchFiltersInput, $sort: SearchSort!, $first: Int!, $offset: Int!) {
    search(q: $q, filters: $filters, sort: $sort, first: $first, offset: $offset) {
      total
      hits {
        kind
        interviewId
        segmentId
        narratorId
        start
        end
        title
        snippet
        highlights { start end }
        interview {
          id
          title { kk ru en }
          recordedOn
          narrators {
            id
            displayName { kk ru en }
          }
          indexSegments {
            id
            title { kk ru en }
          }
        }
        narrator {
          displayName { kk ru en }
        }
        collection {
          slug
          title { kk ru en }
        }
      }
      facets {
        name
        values {
          value
          count
          label { kk ru en }
        }
      }
    }
  }
`);

/** The API's words for input it refuses; the page names what to fix in the reader's language instead. */
const REFUSED = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']);

type Params = ReturnType<typeof readParams>;

/** The search itself; input the API refuses comes back as `invalid`, anything else is an error. */
async function run(event: Parameters<PageServerLoad>[0], params: Params) {
  try {
    const { data } = await execute(event, Search, {
      q: params.q,
      filters: toFilters(params),
      sort: params.sort,
      first: PAGE_SIZE,
      offset: (params.page - 1) * PAGE_SIZE,
    });
    const { total, facets } = data.search;
    const hits = data.search.hits.map(({ snippet, highlights, interview, ...hit }) => ({
      ...hit,
      interview: interview && {
        id: interview.id,
        title: interview.title,
        recordedOn: interview.recordedOn,
        narrators: interview.narrators,
        // Only the chapter the hit is in, for its title in the reader's language.
        chapter: hit.kind === 'indexSegment' ? (interview.indexSegments.find((s) => s.id === hit.segmentId)?.title ?? null) : null,
      },
      snippet: snippetParts(snippet, highlights),
    }));
    return { result: { total, hits, facets }, invalid: false };
  } catch (err) {
    if (err instanceof ApiError && REFUSED.has(err.code)) return { result: null, invalid: true };
    throw err;
  }
}

/** Term filters chosen but absent from the counts (no hits left): only these need the vocabulary for a name. */
function unnamedTerms(params: Params, facets: readonly { name: string; values: readonly { value: string }[] }[] | undefined): boolean {
  return (['ethnicGroups', 'eras', 'places'] as const).some((name) =>
    params.selected[name].some((value) => !facets?.find((f) => f.name === name)?.values.some((v) => v.value === value)),
  );
}

const NO_TERMS = { groups: [], eras: [], places: [] };

export const load: PageServerLoad = async (event) => {
  const params = readParams(event.url);
  const outcome = params.q ? await run(event, params) : { result: null, invalid: false };
  const terms = unnamedTerms(params, outcome.result?.facets) ? await waysIn(event) : NO_TERMS;
  return { params, terms, ...outcome };
};
