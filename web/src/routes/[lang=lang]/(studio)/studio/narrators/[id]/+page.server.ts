import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { draftFromForm, narratorInput } from '$lib/studio/narrator-form.js';
import { actionFailure, isEditor, requireStaff } from '$lib/server/studio.js';
import { waysIn } from '$lib/server/terms.js';
import type { Actions, PageServerLoad } from './$types';

const Narrator = graphql(`
  query StudioNarrator($id: ID!) {
    narrator(id: $id) {
      id
      version
      names { value script lang }
      displayName { kk ru en }
      birthYear
      birthPlace
      birthPlaceTerm { id }
      ethnicIdentity
      detailsPublic
      ethnicGroups { id }
      roles
      biography { kk ru en }
      contact { phone email address }
      notes
    }
  }
`);
const Names = graphql(`query StudioNarratorNames($id: ID!) { narrator(id: $id) { names { value script lang } } }`);
const Update = graphql(`mutation StudioUpdateNarrator($input: UpdateNarratorInput!) { updateNarrator(input: $input) { id version } }`);

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event);
  const [{ narrator }, terms] = await Promise.all([query(event, Narrator, { id: event.params.id }), waysIn(event)]);
  return { narrator, groups: terms.groups, places: terms.places, editor: isEditor(user) };
};

export const actions: Actions = {
  save: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    const draft = draftFromForm(form);
    const { narrator } = await query(event, Names, { id: event.params.id });
    const { input, problems } = narratorInput(draft, narrator.names);
    if (problems.length) return fail(400, { problems, draft });
    try {
      await execute(event, Update, { input: { ...input, id: event.params.id, version: Number(form.get('version')) } });
    } catch (err) {
      return actionFailure(err, { draft });
    }
    return { saved: true };
  },
};
