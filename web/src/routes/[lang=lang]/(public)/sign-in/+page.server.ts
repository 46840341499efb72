import { fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { ApiError, execute } from '$lib/server/client.js';
import { forwardSessionCookie } from '$lib/server/session-cookie.js';
import type { Actions, PageServerLoad } from './$types';

const SignIn = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      expiresAt
      user {
        id
        name
      }
    }
  }
`);

/** Only a path on this site: an absolute or protocol-relative URL would make an open redirect. */
function safeRedirect(target: string | null, lang: string): string {
  return target && /^\/(?!\/)/.test(target) && !target.startsWith('/\\') ? target : `/${lang}`;
}

export const load: PageServerLoad = ({ locals, url }) => ({
  redirectTo: safeRedirect(url.searchParams.get('redirectTo'), locals.lang),
});

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const redirectTo = safeRedirect(String(form.get('redirectTo') ?? ''), event.locals.lang);
    if (!email || !password) return fail(400, { email, problem: 'missing' as const });

    let headers: Headers;
    try {
      ({ headers } = await execute(event, SignIn, { email, password }, { token: null }));
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'INTERNAL_SERVER_ERROR';
      if (code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT') return fail(400, { email, problem: 'failed' as const });
      if (code === 'TOO_MANY_REQUESTS') return fail(429, { email, problem: 'too-many' as const });
      console.error('Sign-in failed:', err);
      return fail(503, { email, problem: 'unavailable' as const });
    }

    if (!forwardSessionCookie(event, headers)) {
      console.error('Sign-in succeeded but the API set no session cookie');
      return fail(503, { email, problem: 'unavailable' as const });
    }
    redirect(303, redirectTo);
  },
};
