import { redirect, type RequestEvent } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { execute, SESSION_COOKIE } from '$lib/server/client.js';
import type { Actions, PageServerLoad } from './$types';

const SignOut = graphql(`
  mutation SignOut {
    signOut
  }
`);
const SignOutEverywhere = graphql(`
  mutation SignOutEverywhere {
    signOutEverywhere
  }
`);

// Signing out changes state, so it is a POST (the header's buttons); a GET just goes home.
export const load: PageServerLoad = ({ locals }) => redirect(303, `/${locals.lang}`);

/** Ends the session in the API too, not only in this browser; a failure still signs out here. */
async function signOut(event: RequestEvent, everywhere: boolean): Promise<never> {
  if (event.locals.sessionToken) {
    const ended = everywhere ? execute(event, SignOutEverywhere, {}) : execute(event, SignOut, {});
    await ended.catch((err) => console.error('Sign-out at the API failed:', err));
  }
  event.cookies.delete(SESSION_COOKIE, { path: '/' });
  redirect(303, `/${event.locals.lang}`);
}

export const actions: Actions = {
  here: (event) => signOut(event, false),
  // Every session of this person: a lost phone, a computer left signed in at school.
  everywhere: (event) => signOut(event, true),
};
