import { initGraphQLTada, type ResultOf } from 'gql.tada';
import { print } from 'graphql';
import type { introspection } from './graphql-env';

/**
 * Typed operations: gql.tada infers result and variable types from the schema's introspection
 * (generated from ../schema/schema.graphql into graphql-env.d.ts by `web/scripts/prepare.js`), so a
 * field the API drops or renames is a type error in the page that asks for it. Load functions and
 * actions send them through $lib/server/client.ts; the studio's browser code through $lib/studio/api.ts.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTimeISO: string; JSONObject: Record<string, unknown> };
  disableMasking: true;
}>();

const printed = new WeakMap<object, string>();
/** A document's text as sent over HTTP, printed once per document. */
export function documentText(document: object): string {
  let text = printed.get(document);
  if (!text) printed.set(document, (text = print(document as Parameters<typeof print>[0])));
  return text;
}

export const TermFields = graphql(`
  fragment TermFields on VocabularyTerm {
    id
    key
    kind
    labels { kk ru en }
    startYear
    endYear
  }
`);

export const InterviewCardFields = graphql(
  `
  fragment InterviewCardFields on Interview {
    id
    title { kk ru en }
    summary { kk ru en }
    durationSeconds
    languages
    recordedOn
    narrators {
      id
      displayName { kk ru en }
      birthYear
    }
    tags {
      ...TermFields
    }
  }
`,
  [TermFields],
);

export const CollectionCardFields = graphql(`
  fragment CollectionCardFields on Collection {
    id
    slug
    title { kk ru en }
    intro { kk ru en }
    audience
    featured
    publishedAt
    lesson {
      minimumAge
    }
  }
`);

export type Term = ResultOf<typeof TermFields>;
export type InterviewCardData = ResultOf<typeof InterviewCardFields>;
export type CollectionCardData = ResultOf<typeof CollectionCardFields>;

/** A lesson's guidance for teachers: asked alike by the public collection page, the class page and the lesson editor. */
export const LessonGuideFields = graphql(`
  fragment LessonGuideFields on Lesson {
    ageGuidance
    minimumAge
    contentNotes { kk ru en }
    learningGoals { kk ru en }
    discussionQuestions { kk ru en }
  }
`);

/** What the studio's collection and lesson editors show and send back of the collection itself. */
export const EditorCollectionFields = graphql(`
  fragment EditorCollectionFields on Collection {
    id
    slug
    version
    status
    audience
    title { kk ru en }
    intro { kk ru en }
  }
`);

/** A block as the studio's collection builder edits it (the collection editor adds the picture's address). */
export const EditorBlockFields = graphql(`
  fragment EditorBlockFields on CollectionBlock {
    id
    type
    available
    text { kk ru en }
    caption { kk ru en }
    alt { kk ru en }
    start
    end
    attribution
    imageKey
    interview { id }
  }
`);
