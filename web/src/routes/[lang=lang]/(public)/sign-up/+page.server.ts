import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { ApiError, execute } from '$lib/server/client.js';
import type { Actions } from './$types';

const SignUp = graphql(`
  mutation SignUp($input: SignUpInput!) { signUp(input: $input) }
`);

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get('email') ?? '').trim();
    const name = String(form.get('name') ?? '').trim();
    const password = String(form.get('password') ?? '');
    try {
      // The same answer whether or not the address has an account (the API mails it either way).
      await execute(event, SignUp, { input: { email, name, password, locale: event.locals.lang } }, { token: null });
      return { sent: email };
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'INTERNAL_SERVER_ERROR';
      if (code === 'BAD_USER_INPUT') return fail(400, { email, name, problem: 'invalid' as const });
      if (code === 'TOO_MANY_REQUESTS') return fail(429, { email, name, problem: 'too-many' as const });
      console.error('Sign-up failed:', err);
      return fail(503, { email, name, problem: 'unavailable' as const });
    }
  },
};
