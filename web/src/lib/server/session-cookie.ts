import type { RequestEvent } from '@sveltejs/kit';
import { parseSetCookie } from 'cookie';
import { SESSION_COOKIE } from './client.js';

/**
 * The API sets the session cookie on its own answer (signIn, confirmEmail); the browser talked to the
 * site, so the site sets the same cookie (value, expiry, flags) on its answer. False: none was set.
 */
export function forwardSessionCookie(event: RequestEvent, headers: Headers): boolean {
  const session = headers
    .getSetCookie()
    .map((line) => parseSetCookie(line))
    .find((cookie) => cookie.name === SESSION_COOKIE);
  if (!session?.value) return false;
  event.cookies.set(SESSION_COOKIE, session.value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: event.url.protocol === 'https:',
    expires: session.expires,
    maxAge: session.maxAge,
  });
  return true;
}
