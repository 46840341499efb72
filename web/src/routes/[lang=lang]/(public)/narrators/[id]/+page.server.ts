import { graphql, InterviewCardFields, TermFields } from '$lib/graphql.js';
import { query } from '$lib/server/client.js';
import type { PageServerLoad } from './$types';

const Narrator = graphql(
  `
  query NarratorPage($id: ID!) {
    narrator(id: $id) {
      id
      displayName { kk ru en }
      names {
        value
        script
        lang
      }
      birthYear
      birthPlace
      birthPlaceTerm {
        ...TermFields
      }
      ethnicIdentity
      ethnicGroups {
        ...TermFields
      }
      roles
      biography { kk ru en }
    }
    interviews(first: 20, filter: { narratorId: $id, status: published }) {
      nodes {
        ...InterviewCardFields
      }
    }
  }
`,
  [TermFields, InterviewCardFields],
);

export const load: PageServerLoad = async (event) => {
  const data = await query(event, Narrator, { id: event.params.id });
  return { narrator: data.narrator, interviews: data.interviews.nodes };
};
