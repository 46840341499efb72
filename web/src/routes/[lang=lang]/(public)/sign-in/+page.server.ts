import { fail, redirect } from '@sveltejs/kit';
import { parseSetCookie } from 'cookie';
import { graphql } from '$lib/graphql.js';
import { ApiError, execute, SESSION_COOKIE } from '$lib/server/client.js';
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

    // The API sets the session cookie on its own answer; the browser talked to the site, so the
    // site sets the same cookie (value, expiry, flags) on its answer.
    const session = headers
      .getSetCookie()
      .map((line) => parseSetCookie(line))
      .find((cookie) => cookie.name === SESSION_COOKIE);
    if (!session?.value) {
      console.error('Sign-in succeeded but the API set no session cookie');
      return fail(503, { email, problem: 'unavailable' as const });
    }
    event.cookies.set(SESSION_COOKIE, session.value, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: event.url.protocol === 'https:',
      expires: session.expires,
      maxAge: session.maxAge,
    });
    redirect(303, redirectTo);
  },
};
