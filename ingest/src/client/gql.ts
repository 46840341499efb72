/** A GraphQL call that throws on errors, for scripts (the demo loader, the import CLI). */
export type Gql = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<T>;

export function gqlClient(apiUrl: string): Gql {
  return async <T>(query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) {
      const first = body.errors[0]!;
      const name = /(mutation|query)[^{]*\{\s*(\w+)/.exec(query)?.[2] ?? 'request';
      throw new Error(`${name}: ${first.extensions?.code ?? 'ERROR'}: ${first.message}`);
    }
    return body.data as T;
  };
}
