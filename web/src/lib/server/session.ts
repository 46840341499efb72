import type { RequestEvent } from '@sveltejs/kit';
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

/**
 * Who the session cookie belongs to, asked of the API (the token is opaque to the site: only the
 * API can tell a valid session from a forged or expired one). Called once per request.
 */
export async function readSession(event: RequestEvent): Promise<SessionUser | null> {
  const token = event.cookies.get(SESSION_COOKIE) ?? null;
  event.locals.sessionToken = token;
  if (!token) return null;
  try {
    const { data } = await execute(event, Me, {});
    if (!data.me) {
      // Expired or ended elsewhere: stop sending it.
      event.cookies.delete(SESSION_COOKIE, { path: '/' });
      event.locals.sessionToken = null;
    }
    return data.me ? { id: data.me.id, name: data.me.name, roles: data.me.roles } : null;
  } catch (err) {
    // The API being down must not break public pages: show them as to an anonymous visitor.
    console.error('Could not read the session:', err instanceof ApiError ? `${err.code}: ${err.message}` : err);
    return null;
  }
}
