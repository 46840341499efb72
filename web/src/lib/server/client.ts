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

type Answer<Result> = {
  data?: Result | null;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
};

/** One POST to the API as the visitor (their session cookie goes along): the parsed body and the response. */
async function post<Body>(event: Pick<RequestEvent, 'locals' | 'getClientAddress' | 'request'>, payload: unknown, options: Options): Promise<{ body: Body; response: Response }> {
  const token = options.token === undefined ? event.locals.sessionToken : options.token;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    'x-forwarded-for': forwardedFor(event.request.headers.get('x-forwarded-for'), event.getClientAddress()),
  };
  if (token) headers.cookie = `${SESSION_COOKIE}=${encodeURIComponent(token)}`;

  const started = performance.now();
  try {
    let response: Response;
    try {
      response = await fetch(`${apiUrl()}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (cause) {
      event.locals.viewKeys?.push('');
      throw new ApiError('API_UNAVAILABLE', `The archive API did not answer: ${String(cause)}`);
    }
    // For the page cache: the key each answer was read under (none: not one the API would cache).
    event.locals.viewKeys?.push(response.headers.get(VIEW_KEY_HEADER) ?? '');
    return { body: (await response.json().catch(() => ({}))) as Body, response };
  } finally {
    event.locals.apiMs = (event.locals.apiMs ?? 0) + (performance.now() - started);
  }
}

/** An operation's data, or its first error as an ApiError. */
function dataOf<Result>(body: Answer<Result>, status: number): Result {
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.message, first.extensions);
  if (!body.data) throw new ApiError('INTERNAL_SERVER_ERROR', `The archive API answered HTTP ${status} without data`);
  return body.data;
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
  const { body, response } = await post<Answer<Result>>(event, { query: documentText(document), variables }, options);
  return { data: dataOf(body, response.status), headers: response.headers };
}

/**
 * Two operations in one request (the API reads the session once for both): each settles on its own,
 * so the second's answer is there when the first failed. The API takes at most two (server/src/app.ts).
 */
export async function executeBoth<A, VA, B, VB>(
  event: Pick<RequestEvent, 'locals' | 'getClientAddress' | 'request'>,
  first: [TadaDocumentNode<A, VA>, VA?],
  second: [TadaDocumentNode<B, VB>, VB?],
  options: Options = {},
): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
  const payload = [first, second].map(([document, variables]) => ({ query: documentText(document), variables }));
  const { body, response } = await post<[Answer<A>, Answer<B>] | Answer<never>>(event, payload, options);
  if (!Array.isArray(body) || body.length !== 2) throw new ApiError('INTERNAL_SERVER_ERROR', `The archive API answered HTTP ${response.status} without a batch`);
  const settle = <T>(answer: Answer<T>): PromiseSettledResult<T> => {
    try {
      return { status: 'fulfilled', value: dataOf(answer, response.status) };
    } catch (reason) {
      return { status: 'rejected', reason };
    }
  };
  return [settle(body[0]), settle(body[1])];
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
    pageError(err);
  }
}

/** A failed operation as a load function reports it: a 404 that looks the same whether a thing is missing or closed. */
export function pageError(err: unknown): never {
  if (err instanceof ApiError && HIDDEN.has(err.code)) error(404, 'Not found');
  throw err;
}
