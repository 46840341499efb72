import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, getNullableType, GraphQLError, isListType, isLeafType, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { createRequire } from 'node:module';

// Its "esm" build is plain .js in a package without "type": "module", which Node will not load as
// ESM and bundlers pair with graphql's .mjs (a second graphql realm next to type-graphql's): the
// CommonJS build shares the one graphql the schema was built with.
const { getComplexity } = createRequire(import.meta.url)('graphql-query-complexity') as typeof import('graphql-query-complexity');

/**
 * How many items a list without a `first` argument holds, as a rule of thumb: a field asked for
 * once under such a list is asked for that many times. The long ones are named; the rest weigh
 * DEFAULT_LIST_LENGTH. The list a paginated field returns (`nodes`, `hits`) weighs 1: its parent
 * already counts `first` of them.
 */
const LIST_LENGTHS: Record<string, number> = {
  // A one-hour interview has some hundreds of transcript segments; three hours, over a thousand.
  'Transcript.segments': 200,
  'ClassBlock.segments': 200,
  'Interview.indexSegments': 50,
  'TranscriptRevision.changes': 50,
  'UploadState.parts': 100,
  'SearchResult.hits': 1,
};
const DEFAULT_LIST_LENGTH = 10;

function listLength(typeName: string, fieldName: string): number {
  if (fieldName === 'nodes' && typeName.endsWith('Connection')) return 1;
  return LIST_LENGTHS[`${typeName}.${fieldName}`] ?? DEFAULT_LIST_LENGTH;
}

/**
 * Every field costs 1, and what is under it costs as many times as it may be returned: `first`
 * times under a paginated field, the list's typical length under any other list of objects.
 * So five aliases of `interviews(first: 100) { nodes { transcripts { segments { text } } } }`
 * weigh five times a hundred interviews' transcripts' segments, not five fields.
 */
const listWeighted: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + Math.max(0, args.first) * childComplexity;
  const nullable = getNullableType(field.type);
  if (isListType(nullable) && !isLeafType(getNamedType(nullable))) return 1 + listLength(type.name, field.name) * childComplexity;
  return 1 + childComplexity;
};

/** The cost of one operation of a document, with the variables it is sent with. */
export function queryCost(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string): number {
  return getComplexity({ schema, query, variables, operationName, estimators: [listWeighted] });
}

/** Refuses, before anything runs, an operation that costs more than `maxCost` (GRAPHQL_MAX_COST). */
export function queryCostLimit(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let cost: number;
          try {
            cost = queryCost(schema, document, request.variables ?? {}, request.operationName ?? undefined);
          } catch (err) {
            // Variables that do not fit their types: execution refuses them with BAD_USER_INPUT
            // before any resolver runs, so there is nothing to weigh.
            if (err instanceof GraphQLError) return;
            throw err;
          }
          if (cost > maxCost) {
            throw new GraphQLError(
              `Query cost limit of ${maxCost} exceeded: this query costs ${cost} (lists count as many times as they may return items; ask for fewer with a smaller \`first\` or fewer aliases)`,
              { extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
