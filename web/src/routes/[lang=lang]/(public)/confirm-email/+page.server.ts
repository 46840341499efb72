import { fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { ApiError, execute } from '$lib/server/client.js';
import { forwardSessionCookie } from '$lib/server/session-cookie.js';
import type { Actions, PageServerLoad } from './$types';

const Confirm = graphql(`
  mutation ConfirmEmail($input: ConfirmEmailInput!) { confirmEmail(input: $input) { expiresAt } }
`);

// The token travels in the link of the mail; it goes back only in the form post, with the password.
export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const token = String(form.get('token') ?? '');
    const password = String(form.get('password') ?? '');
    let headers: Headers;
    try {
      ({ headers } = await execute(event, Confirm, { input: { token, password } }, { token: null }));
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'INTERNAL_SERVER_ERROR';
      if (code === 'UNAUTHENTICATED') return fail(400, { problem: 'password' as const });
      if (code === 'BAD_USER_INPUT') return fail(400, { problem: 'link' as const });
      if (code === 'TOO_MANY_REQUESTS') return fail(429, { problem: 'too-many' as const });
      console.error('Confirming an e-mail failed:', err);
      return fail(503, { problem: 'unavailable' as const });
    }
    if (!forwardSessionCookie(event, headers)) return fail(503, { problem: 'unavailable' as const });
    redirect(303, `/${event.locals.lang}/my-requests`);
  },
};
