import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { ApiError, execute } from '$lib/server/client.js';
import type { Actions, PageServerLoad } from './$types';

const Accept = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { id name } }
`);

// The token travels in the link an admin sent (studio/admin); it goes back only in the form post.
export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const token = String(form.get('token') ?? '');
    const password = String(form.get('password') ?? '');
    try {
      const { data } = await execute(event, Accept, { input: { token, password } }, { token: null });
      return { accepted: data.acceptInvitation.name };
    } catch (err) {
      return fail(400, { problem: err instanceof ApiError ? err.message : 'unavailable' });
    }
  },
};
