import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { paraglideMiddleware } from '$lib/paraglide/server.js';
import { localeOfPath, redirectToLocalized, rememberLocale } from '$lib/server/locale.js';
import { isApiPath, proxyToApi } from '$lib/server/proxy.js';
import { readSession } from '$lib/server/session.js';
import { allowFraming, allowStorage, isEmbedPath, isStudioPath } from '$lib/server/csp.js';

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

const session: Handle = async ({ event, resolve }) => {
  if (isEmbedPath(event.url.pathname)) {
    // Embeds are framed by other sites and show only what the public may see: the visitor's session
    // is deliberately not read, so a signed-in staff member can never produce (or preview) an embed
    // that shows restricted material — what they see in the frame is what everyone will see.
    event.locals.user = null;
    event.locals.sessionToken = null;
    return allowFraming(await resolve(event));
  }
  event.locals.user = await readSession(event);
  const response = await resolve(event);
  return isStudioPath(event.url.pathname) ? allowStorage(response) : response;
};

export const handle = sequence(api, language, session);

/** Unexpected errors: logged with a reference; the visitor sees only the reference. */
export const handleError: HandleServerError = ({ error, event, status }) => {
  if (status === 404) return { message: 'Not found' };
  const reference = randomUUID().slice(0, 8);
  console.error(`[${reference}] ${event.request.method} ${event.url.pathname}:`, error);
  return { message: 'Internal error', reference };
};
