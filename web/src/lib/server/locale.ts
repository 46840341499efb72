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
  event.cookies.set(cookieName, locale, {
    path: '/',
    maxAge: cookieMaxAge,
    sameSite: 'lax',
    // Paraglide's browser runtime reads and writes the same cookie.
    httpOnly: false,
    secure: event.url.protocol === 'https:',
  });
}
