import type { Cookies, RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from '$lib/types.js';
import { ApiError, execute, graphql, SESSION_COOKIE } from './client.js';

export type { SessionUser };

const Me = graphql(`
  query Me {
    me {
      id
      name
      roles
    }
  }
`);

export interface Session {
  user: SessionUser | null;
  /** The API knows the cookie's token no more (expired, ended elsewhere): stop sending it. */
  ended: boolean;
}

/**
 * Who the session cookie belongs to, asked of the API (the token is opaque to the site: only the
 * API can tell a valid session from a forged or expired one). Called once per request; its answer is
 * not waited for before the page's own query, which carries the same cookie (the API answers a stale
 * token as it answers the public, as Me does).
 */
export async function askSession(event: Pick<RequestEvent, 'locals' | 'getClientAddress' | 'request'>, token: string): Promise<Session> {
  try {
    const { data } = await execute(event, Me, {}, { token });
    return data.me ? { user: { id: data.me.id, name: data.me.name, roles: data.me.roles }, ended: false } : { user: null, ended: true };
  } catch (err) {
    // The API being down must not break public pages: show them as to an anonymous visitor.
    console.error('Could not read the session:', err instanceof ApiError ? `${err.code}: ${err.message}` : err);
    return { user: null, ended: false };
  }
}

/** The cookie's deletion, for a response already built (a page does not wait for Me to render). */
export function endedSessionCookie(cookies: Cookies): string {
  return cookies.serialize(SESSION_COOKIE, '', { path: '/', maxAge: 0 });
}

/**
 * `locals.user` on a request whose routes do not wait for Me (public pages): reading it is a mistake
 * that would be timing-dependent, so it always throws, and says what to use.
 */
export function unsettledUser(locals: App.Locals) {
  Object.defineProperty(locals, 'user', {
    configurable: true,
    // Not enumerable: a spread or a log of locals must not throw.
    enumerable: false,
    get() {
      throw new Error('locals.user is not known yet on this page (the session is read beside the page query): use `await locals.session`');
    },
  });
}
