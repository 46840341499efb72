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
    return sessionOf((await execute(event, Me, {}, { token })).data.me);
  } catch (err) {
    return sessionUnknown(err);
  }
}

/** Me's answer to a request that carried a token: null means the API knows that token no more. */
export const sessionOf = (me: SessionUser | null): Session => (me ? { user: { id: me.id, name: me.name, roles: me.roles }, ended: false } : { user: null, ended: true });

/** The API being down must not break public pages: show them as to an anonymous visitor, and keep the cookie. */
export function sessionUnknown(err: unknown): Session {
  console.error('Could not read the session:', err instanceof ApiError ? `${err.code}: ${err.message}` : err);
  return { user: null, ended: false };
}

/**
 * Pages whose own request asks who is signed in (their viewer's operation has `me`), so the site sends
 * no Me of its own: a whole GET of the interview page, whose load answers `locals.answerSession`. Its
 * data requests (client-side navigation may run the layout without the page) and form posts ask Me.
 */
const CARRIERS = new Set(['/[lang=lang]/(public)/interviews/[id]']);
export const carriesSession = (event: Pick<RequestEvent, 'request' | 'isDataRequest' | 'route'>) =>
  event.request.method === 'GET' && !event.isDataRequest && CARRIERS.has(event.route.id ?? '');

/** A session a page's load will answer: `answer` settles it once (later calls are ignored); `answered` says whether it has. */
export function carriedSession() {
  let settle!: (s: Session) => void;
  let answered = false;
  const promise = new Promise<Session>((ok) => (settle = ok));
  return {
    promise,
    answer: (s: Session) => {
      if (answered) return;
      answered = true;
      settle(s);
    },
    get answered() {
      return answered;
    },
  };
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
