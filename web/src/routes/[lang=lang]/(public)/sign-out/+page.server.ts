import { redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { execute, SESSION_COOKIE } from '$lib/server/client.js';
import type { Actions, PageServerLoad } from './$types';

const SignOut = graphql(`
  mutation SignOut {
    signOut
  }
`);

// Signing out changes state, so it is a POST (the header's button); a GET just goes home.
export const load: PageServerLoad = ({ locals }) => redirect(303, `/${locals.lang}`);

export const actions: Actions = {
  default: async (event) => {
    if (event.locals.sessionToken) {
      // Ends the session in the API too, not only in this browser; a failure still signs out here.
      await execute(event, SignOut, {}).catch((err) => console.error('Sign-out at the API failed:', err));
    }
    event.cookies.delete(SESSION_COOKIE, { path: '/' });
    redirect(303, `/${event.locals.lang}`);
  },
};
