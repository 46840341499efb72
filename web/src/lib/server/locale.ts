import type { RequestEvent } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, extractLocaleFromRequest, isLocale, type Locale } from '$lib/paraglide/runtime.js';

/** The language prefix of a path (/kk/…, /ru/…, /en/…), if it has one. */
export function localeOfPath(pathname: string): Locale | undefined {
  const first = pathname.split('/')[1];
  return first && isLocale(first) ? first : undefined;
}

/**
 * A URL without a language prefix goes to the prefixed one: the remembered choice (cookie) first,
 * then the browser's Accept-Language, then Kazakh. 307 keeps the method of a form post.
 */
export function redirectToLocalized(event: RequestEvent): Response {
  const locale = extractLocaleFromRequest(event.request);
  const rest = event.url.pathname === '/' ? '' : event.url.pathname;
  return new Response(null, {
    status: 307,
    headers: {
      location: `/${locale}${rest}${event.url.search}`,
      vary: 'Accept-Language, Cookie',
      'cache-control': 'private, no-store',
    },
  });
}

/** Remembers the language the visitor is reading in, for their next visit to a bare URL. */
export function rememberLocale(event: RequestEvent, locale: Locale): void {
  if (event.cookies.get(cookieName) === locale) return;
  event.cookies.set(cookieName, locale, localeCookieOptions(event));
}

/**
 * The same for a response built without SvelteKit's cookies (a page served from the page cache):
 * the Set-Cookie header to add, or null when the visitor's cookie already says it.
 */
export function localeCookieHeader(event: RequestEvent, locale: Locale): string | null {
  return event.cookies.get(cookieName) === locale ? null : event.cookies.serialize(cookieName, locale, localeCookieOptions(event));
}

/** Whether a Set-Cookie header is the language cookie's. */
export const isLocaleCookie = (setCookie: string) => setCookie.slice(0, setCookie.indexOf('=')).trim() === cookieName;

function localeCookieOptions(event: RequestEvent) {
  return {
    path: '/',
    maxAge: cookieMaxAge,
    sameSite: 'lax' as const,
    // Paraglide's browser runtime reads and writes the same cookie.
    httpOnly: false,
    secure: event.url.protocol === 'https:',
  };
}
