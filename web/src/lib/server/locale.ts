import type { RequestEvent } from '@sveltejs/kit';
import { parse, serialize } from 'cookie';
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
  event.cookies.set(cookieName, locale, localeCookieOptions(event.url.protocol === 'https:'));
}

/**
 * The same for a response built without SvelteKit's cookies (a page served from the page cache,
 * by the hooks or by the front server, from the request's Cookie header): the Set-Cookie header to
 * add, or null when the visitor's cookie already says it. The `cookie` package is the serializer
 * SvelteKit's cookies use, so the header is the one `rememberLocale` sends.
 */
export function localeCookieHeader(cookieHeader: string | null, locale: Locale, https: boolean): string | null {
  return cookieHeader && parse(cookieHeader)[cookieName] === locale ? null : serialize(cookieName, locale, localeCookieOptions(https));
}

/** Whether a Set-Cookie header is the language cookie's. */
export const isLocaleCookie = (setCookie: string) => setCookie.slice(0, setCookie.indexOf('=')).trim() === cookieName;

function localeCookieOptions(https: boolean) {
  return {
    path: '/',
    maxAge: cookieMaxAge,
    sameSite: 'lax' as const,
    // Paraglide's browser runtime reads and writes the same cookie.
    httpOnly: false,
    secure: https,
  };
}
