/**
 * GraphQL from the browser, for what must not wait for a form round-trip (uploads, autocomplete,
 * autosave). Same origin: hooks.server.ts forwards /graphql to the API with the httpOnly session
 * cookie, so no token is ever visible to scripts. Documents are gql.tada's, like the server's, so
 * their result and variable types come from the schema.
 */
import type { TadaDocumentNode } from 'gql.tada';
import { documentText } from '$lib/graphql.js';

export class StudioApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function gql<Result, Variables>(document: TadaDocumentNode<Result, Variables>, variables?: Variables): Promise<Result>;
/** A plain-string document with a hand-written result type: only the transcript editor still sends these. */
export function gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
export async function gql(query: string | object, variables: unknown = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: typeof query === 'string' ? query : documentText(query), variables }),
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new StudioApiError('NETWORK', String(cause));
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
  };
  const first = body.errors?.[0];
  if (first) throw new StudioApiError(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.message, first.extensions);
  if (!body.data) throw new StudioApiError('INTERNAL_SERVER_ERROR', `HTTP ${response.status}`);
  return body.data;
}
