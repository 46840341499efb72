import { error, type RequestEvent } from '@sveltejs/kit';
import type { TadaDocumentNode } from 'gql.tada';
import { documentText } from '$lib/graphql.js';
import { apiUrl, forwardedFor } from './api-url.js';
import { VIEW_KEY_HEADER } from './page-cache-rules.js';

export { graphql } from '$lib/graphql.js';

export const SESSION_COOKIE = 'archive_session';

/** An error the API reported, with its code (NOT_FOUND, FORBIDDEN, BAD_USER_INPUT, TOO_MANY_REQUESTS …). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Codes after which a page must look exactly like a missing one: restricted material stays unconfirmed. */
const HIDDEN = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT']);

interface Options {
  /** Another session than the visitor's (sign-in uses none). */
  token?: string | null;
  timeoutMs?: number;
}

/**
 * Runs one operation as the visitor: their session cookie goes along, so the API applies the same
 * access policy as for the browser. Returns the data and the API's response headers.
 */
export async function execute<Result, Variables>(
  event: Pick<RequestEvent, 'locals' | 'getClientAddress' | 'request'>,
  document: TadaDocumentNode<Result, Variables>,
  variables?: Variables,
  options: Options = {},
): Promise<{ data: Result; headers: Headers }> {
  const token = options.token === undefined ? event.locals.sessionToken : options.token;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    'x-forwarded-for': forwardedFor(event.request.headers.get('x-forwarded-for'), event.getClientAddress()),
  };
  if (token) headers.cookie = `${SESSION_COOKIE}=${encodeURIComponent(token)}`;

  const started = performance.now();
  let response: Response;
  let body: {
    data?: Result | null;
    errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
  };
  try {
    try {
      response = await fetch(`${apiUrl()}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: documentText(document), variables }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (cause) {
      event.locals.viewKeys?.push('');
      throw new ApiError('API_UNAVAILABLE', `The archive API did not answer: ${String(cause)}`);
    }
    // For the page cache: the key each answer was read under (none: not one the API would cache).
    event.locals.viewKeys?.push(response.headers.get(VIEW_KEY_HEADER) ?? '');
    body = (await response.json().catch(() => ({}))) as typeof body;
  } finally {
    event.locals.apiMs = (event.locals.apiMs ?? 0) + (performance.now() - started);
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.message, first.extensions);
  if (!body.data) throw new ApiError('INTERNAL_SERVER_ERROR', `The archive API answered HTTP ${response.status} without data`);
  return { data: body.data, headers: response.headers };
}

/** For load functions: the data, or a 404 that looks the same whether a thing is missing or closed. */
export async function query<Result, Variables>(
  event: Pick<RequestEvent, 'locals' | 'getClientAddress' | 'request'>,
  document: TadaDocumentNode<Result, Variables>,
  variables?: Variables,
  options: Options = {},
): Promise<Result> {
  try {
    return (await execute(event, document, variables, options)).data;
  } catch (err) {
    if (err instanceof ApiError && HIDDEN.has(err.code)) error(404, 'Not found');
    throw err;
  }
}
