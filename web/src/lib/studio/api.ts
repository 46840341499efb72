/**
 * GraphQL from the browser, for what must not wait for a form round-trip (uploads, autocomplete,
 * autosave). Same origin: hooks.server.ts forwards /graphql to the API with the httpOnly session
 * cookie, so no token is ever visible to scripts. Documents here are plain strings: they run in the
 * browser, where gql.tada's runtime is not shipped, and their result types are written next to them.
 */
export class StudioApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query, variables }),
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new StudioApiError('NETWORK', String(cause));
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: T | null;
    errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
  };
  const first = body.errors?.[0];
  if (first) throw new StudioApiError(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.message, first.extensions);
  if (!body.data) throw new StudioApiError('INTERNAL_SERVER_ERROR', `HTTP ${response.status}`);
  return body.data;
}
