import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { paraglideMiddleware } from '$lib/paraglide/server.js';
import { localeOfPath, redirectToLocalized, rememberLocale } from '$lib/server/locale.js';
import { isApiPath, proxyToApi } from '$lib/server/proxy.js';
import { SESSION_COOKIE } from '$lib/server/client.js';
import { askSession, carriedSession, carriesSession, endedSessionCookie, unsettledUser, type Session } from '$lib/server/session.js';
import { allowFraming, allowStorage, isEmbedPath, isStudioPath } from '$lib/server/csp.js';
import { compress } from '$lib/server/compress.js';
import { serverTiming } from '$lib/server/server-timing.js';
import { pageCache } from '$lib/server/page-cache.js';

/** /graphql, /api/*, /iiif/*, /oai belong to the API: forward them before anything else runs. */
const api: Handle = ({ event, resolve }) => (isApiPath(event.url.pathname) ? proxyToApi(event) : resolve(event));

/** Every page lives under /kk, /ru or /en; the prefix sets the language of messages and <html lang>. */
const language: Handle = ({ event, resolve }) => {
  const locale = localeOfPath(event.url.pathname);
  if (!locale) {
    if (event.url.pathname.startsWith('/_app/')) return resolve(event);
    return redirectToLocalized(event);
  }
  event.locals.lang = locale;
  // An embed on another site is no choice of language on ours (and sets no cookie at all).
  if (!isEmbedPath(event.url.pathname)) rememberLocale(event, locale);
  // The middleware keeps the locale in AsyncLocalStorage, so message functions called anywhere in
  // this request (load functions, components) speak the visitor's language. Our routes carry the
  // prefix as a [lang] parameter, so the original event is resolved, not a de-localised copy.
  return paraglideMiddleware(event.request, () =>
    resolve(event, { transformPageChunk: ({ html }) => html.replace('%archive.lang%', locale) }),
  );
};

/**
 * Studio pages and form posts read `locals.user` synchronously (requireStaff, actions): for them the
 * session is known before the route runs. Public pages are what a class opens at once: their query
 * goes out beside Me instead of after it, and they read the viewer with `await locals.session`.
 */
const waitsForUser = (event: Parameters<Handle>[0]['event']) =>
  isStudioPath(event.url.pathname) || (event.request.method !== 'GET' && event.request.method !== 'HEAD');

const session: Handle = async ({ event, resolve }) => {
  if (isEmbedPath(event.url.pathname)) {
    // Embeds are framed by other sites and show only what the public may see: the visitor's session
    // is deliberately not read, so a signed-in staff member can never produce (or preview) an embed
    // that shows restricted material — what they see in the frame is what everyone will see.
    event.locals.user = null;
    event.locals.sessionToken = null;
    event.locals.session = Promise.resolve(null);
    return allowFraming(await resolve(event));
  }
  const token = event.cookies.get(SESSION_COOKIE) ?? null;
  event.locals.sessionToken = token;
  // The interview page's own request answers who this is (session.ts, carriesSession): no Me beside it.
  const carried = token && carriesSession(event) ? carriedSession() : null;
  if (carried) event.locals.answerSession = carried.answer;
  const asked: Promise<Session> = carried ? carried.promise : token ? askSession(event, token) : Promise.resolve({ user: null, ended: false });
  event.locals.session = asked.then((s) => s.user);
  let response: Response;
  if (waitsForUser(event)) {
    const known = await asked;
    event.locals.user = known.user;
    if (known.ended) {
      event.cookies.delete(SESSION_COOKIE, { path: '/' });
      event.locals.sessionToken = null;
    }
    response = await resolve(event);
  } else {
    unsettledUser(event.locals);
    response = await resolve(event);
    // A page that answered nothing (it failed before its request): ask Me, for the cookie's sake.
    if (carried && !carried.answered) carried.answer(await askSession(event, token!));
    // Settled by now for a page (its layout waited for it); a redirect or a data request may not have.
    if ((await asked).ended) {
      try {
        response.headers.append('set-cookie', endedSessionCookie(event.cookies));
      } catch {
        // Immutable headers (a fetched response passed through): the next request deletes it.
      }
    }
  }
  return isStudioPath(event.url.pathname) ? allowStorage(response) : response;
};

// The page cache outside compression (it keeps the compressed bytes) and before language and session
// (an anonymous hit needs neither; page-cache.ts says what it does in their place).
export const handle = sequence(api, serverTiming, pageCache, compress, language, session);

/** Unexpected errors: logged with a reference; the visitor sees only the reference. */
export const handleError: HandleServerError = ({ error, event, status }) => {
  if (status === 404) return { message: 'Not found' };
  const reference = randomUUID().slice(0, 8);
  console.error(`[${reference}] ${event.request.method} ${event.url.pathname}:`, error);
  return { message: 'Internal error', reference };
};
