import { fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { hasAny, localized, newInterviewInput } from '$lib/server/forms.js';
import { actionFailure, requireStaff } from '$lib/server/studio.js';
import type { Actions, PageServerLoad } from './$types';

const Narrators = graphql(`
  query StudioNarrators {
    narrators(first: 100) { nodes { id displayName { kk ru en } } }
  }
`);

const Create = graphql(`
  mutation StudioCreateInterview($input: CreateInterviewInput!) {
    createInterview(input: $input) { id }
  }
`);

export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  return { narrators: (await query(event, Narrators)).narrators.nodes };
};

export const actions: Actions = {
  default: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    const title = localized(form, 'title');
    const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
    if (!hasAny(title)) return fail(400, { values, problem: null, missingTitle: true });
    let id: string;
    try {
      const { data } = await execute(event, Create, {
        input: { title, ...newInterviewInput(form) },
      });
      id = data.createInterview.id;
    } catch (err) {
      return actionFailure(err, { values, missingTitle: false });
    }
    redirect(303, `/${event.locals.lang}/studio/interviews/${id}`);
  },
};
