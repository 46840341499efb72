/**
 * The import CLI's view of the archive: its GraphQL API with a bearer token, and nothing else. The
 * media bytes go to the presigned storage URLs the API hands out, never through the API.
 */

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly code: string | null,
    readonly field: string | null,
  ) {
    super(message);
  }
}

export interface RetryOptions {
  attempts?: number;
  /** First pause; doubles per attempt. */
  delayMs?: number;
  signal?: AbortSignal;
}

/**
 * Retries what a flaky connection or a restarting server causes (network errors, 5xx, 429) with a
 * doubling pause; an answer that says no (4xx, GraphQL errors) is not retried.
 */
export async function withRetries<T>(what: string, work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  let delay = options.delayMs ?? 1_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (err) {
      options.signal?.throwIfAborted();
      if (!isTransient(err) || attempt >= attempts) {
        throw attempt > 1 && err instanceof Error ? new Error(`${what} failed after ${attempt} attempts: ${err.message}`, { cause: err }) : err;
      }
      await new Promise((ok) => setTimeout(ok, delay));
      delay *= 2;
    }
  }
}

export class TransientError extends Error {
  override name = 'TransientError';
}

const isTransient = (err: unknown) => err instanceof TransientError || (err instanceof TypeError && /fetch failed|network/i.test(err.message));

export class ArchiveApi {
  readonly graphqlUrl: string;

  constructor(
    apiUrl: string,
    private readonly token: string,
    private readonly retry: Omit<RetryOptions, 'signal'> = {},
  ) {
    const base = apiUrl.replace(/\/+$/, '');
    this.graphqlUrl = base.endsWith('/graphql') ? base : `${base}/graphql`;
  }

  gql<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    return withRetries('the archive API', () => this.once<T>(query, variables, signal), { ...this.retry, signal });
  }

  private async once<T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    const res = await fetch(this.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${this.token}`,
      },
      body: JSON.stringify({ query, variables }),
      signal,
    });
    if (res.status >= 500 || res.status === 429) throw new TransientError(`the archive API answered HTTP ${res.status}`);
    const body = (await res.json().catch(() => null)) as {
      data?: T | null;
      errors?: { message: string; extensions?: { code?: string; field?: string } }[];
    } | null;
    if (!body) throw new ApiError(`the archive API answered HTTP ${res.status} without JSON; is ${this.graphqlUrl} the API?`, null, null);
    const first = body.errors?.[0];
    if (first) {
      const code = first.extensions?.code ?? null;
      if (code === 'UNAUTHENTICATED') throw new ApiError('the token was not accepted: sign in again and pass a fresh ARCHIVE_TOKEN', code, null);
      throw new ApiError(first.message, code, first.extensions?.field ?? null);
    }
    return body.data as T;
  }
}
