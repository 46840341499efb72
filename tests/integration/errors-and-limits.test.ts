import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

// Apollo includes stack traces outside production unless told not to: run this file as development.
const nodeEnv = process.env.NODE_ENV;
let archive: TestArchive;
beforeAll(async () => {
  process.env.NODE_ENV = 'development';
  archive = await startTestArchive();
});
afterAll(async () => {
  await archive?.close();
  process.env.NODE_ENV = nodeEnv;
});

interface Reply {
  status: number;
  contentType: string;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(body: string | object, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${archive.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: JSON.parse(text) };
}

const codes = (r: Reply) => r.body.errors?.map((e) => e.extensions?.code);

/** No error anywhere in the reply carries a stack trace, an exception object or a file path. */
function expectNoInternals(r: Reply) {
  expect(r.body.errors?.length, r.text).toBeGreaterThan(0);
  for (const error of r.body.errors ?? []) {
    expect(error.extensions?.stacktrace).toBeUndefined();
    expect(error.extensions?.exception).toBeUndefined();
    expect(typeof error.extensions?.code).toBe('string');
  }
  expect(r.text).not.toMatch(/stacktrace|node_modules|\/server\/src\/|\bat \w+ \(/);
}

describe('errors: stable codes, no internals (NODE_ENV=development)', () => {
  it('runs this file outside production', () => {
    expect(process.env.NODE_ENV).toBe('development');
  });

  it('a syntax error is GRAPHQL_PARSE_FAILED with status 400', async () => {
    const r = await post({ query: '{ me { id }' });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expectNoInternals(r);
  });

  it('an unknown field is GRAPHQL_VALIDATION_FAILED and suggests no names', async () => {
    for (const query of ['{ mee { id } }', '{ me { nam } }', '{ users(frist: 5) { nodes { id } } }']) {
      const r = await post({ query });
      expect(r.status, query).toBe(400);
      expect(codes(r), query).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(r.body.errors?.[0]?.message).toMatch(/Cannot query field|Unknown argument/);
      expect(r.text).not.toMatch(/Did you mean|Suggestion/i);
      // The names graphql-js would suggest do not appear at all.
      expect(r.body.errors?.[0]?.message).not.toMatch(/"me"|"name"|"first"/);
      expectNoInternals(r);
    }
  });

  it('a wrong enum value, inline or in variables, names no valid values', async () => {
    const inline = await post({ query: 'mutation { setUserRoles(input: { id: "x", roles: [EDITR], version: 1 }) { id } }' });
    expect(codes(inline)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const variables = await post({
      query: 'mutation($roles: [Role!]!) { setUserRoles(input: { id: "x", roles: $roles, version: 1 }) { id } }',
      variables: { roles: ['EDITR'] },
    });
    expect(variables.status).toBe(400);
    expect(codes(variables)).toEqual(['BAD_USER_INPUT']);
    for (const r of [inline, variables]) {
      expect(r.text).not.toMatch(/Did you mean|"editor"/);
      expectNoInternals(r);
    }
  });

  it('access errors are UNAUTHENTICATED, FORBIDDEN and NOT_FOUND', async () => {
    const mutation = 'mutation($id: ID!) { setUserRoles(input: { id: $id, roles: [editor], version: 1 }) { id } }';
    const missing = '0123456789abcdef01234567';
    const teacher = await archive.userWithRoles([Role.teacher]);
    const admin = await archive.userWithRoles([Role.admin]);
    const anonymous = await post({ query: mutation, variables: { id: missing } });
    const forbidden = await post({ query: mutation, variables: { id: missing } }, { authorization: `Bearer ${teacher.token}` });
    const notFound = await post({ query: mutation, variables: { id: missing } }, { authorization: `Bearer ${admin.token}` });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(codes(forbidden)).toEqual(['FORBIDDEN']);
    expect(codes(notFound)).toEqual(['NOT_FOUND']);
    for (const r of [anonymous, forbidden, notFound]) expectNoInternals(r);
  });

  it('invalid arguments are BAD_USER_INPUT naming the fields, never echoing the values', async () => {
    const admin = await archive.userWithRoles([Role.admin]);
    const r = await post(
      {
        query: 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { id } }',
        variables: { input: { email: 'secret-value-not-an-address', name: '', roles: ['editor'] } },
      },
      { authorization: `Bearer ${admin.token}` },
    );
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.body.errors?.[0]?.extensions?.fields).toEqual(expect.arrayContaining(['email', 'name']));
    expect(r.text).not.toContain('secret-value-not-an-address');
    expectNoInternals(r);
  });

  it('an unexpected failure in a resolver is masked as INTERNAL_SERVER_ERROR', async () => {
    const admin = await archive.userWithRoles([Role.admin]);
    const users = archive.api.services.users;
    const original = users.list;
    users.list = async () => {
      throw new Error('connection to 10.0.0.7 failed: secret internal detail');
    };
    const quiet = console.error;
    console.error = () => {};
    try {
      const r = await post({ query: '{ users { nodes { id } } }' }, { authorization: `Bearer ${admin.token}` });
      expect(codes(r)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(r.body.errors?.[0]?.message).toBe('Internal server error');
      expect(r.text).not.toMatch(/secret internal detail|10\.0\.0\.7/);
      expectNoInternals(r);
    } finally {
      users.list = original;
      console.error = quiet;
    }
  });
});

describe('limits', () => {
  it('refuses a query nested beyond the depth limit (cyclic introspection type: __Type.ofType)', async () => {
    const nest = (levels: number) => `{ __type(name: "User") { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } }`;
    const shallow = await post({ query: nest(4) });
    expect(shallow.status, shallow.text).toBe(200);
    expect(shallow.body.errors).toBeUndefined();

    const deep = await post({ query: nest(16) });
    expect(deep.status).toBe(400);
    expect(codes(deep)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(deep.body.errors?.map((e) => e.message).join(' ')).toMatch(/depth limit of 12 exceeded/);
    expect(deep.body.data).toBeUndefined();
    expectNoInternals(deep);
  });

  it('refuses deep introspection cycles through fields and types', async () => {
    let selection = 'name';
    for (let i = 0; i < 6; i++) selection = `fields { type { ${selection} } }`;
    const r = await post({ query: `{ __schema { types { ${selection} } } }` });
    expect(r.status).toBe(400);
    expect(codes(r)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(r.body.data).toBeUndefined();
  });

  it('still answers the standard introspection query', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const r = await post({ query: getIntrospectionQuery() });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
  });

  it('refuses a query with too many aliases', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const few = await post({ query: aliases(5) });
    expect(few.status).toBe(200);
    expect(few.body.errors).toBeUndefined();

    const many = await post({ query: aliases(50) });
    expect(many.status).toBe(400);
    expect(codes(many)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(many.body.errors?.map((e) => e.message).join(' ')).toMatch(/Aliases limit of 20 exceeded/);
    expectNoInternals(many);
  });

  it('refuses a query document with too many tokens before validating it', async () => {
    const query = `{ ${Array.from({ length: 2_100 }, () => '__typename').join(' ')} }`;
    const r = await post({ query });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['GRAPHQL_PARSE_FAILED']);
    // graphql-js 16 spells it "more that 2000 tokens".
    expect(r.body.errors?.[0]?.message).toMatch(/Document contains more th\w+ 2000 tokens/);
    expectNoInternals(r);
  });

  it('refuses an oversized request body with 413 and a JSON error', async () => {
    const r = await post({ query: '{ me { id } }', variables: { padding: 'x'.repeat(2 * 1024 * 1024) } });
    expect(r.status).toBe(413);
    expect(r.contentType).toMatch(/^application\/graphql-response\+json/);
    expect(codes(r)).toEqual(['PAYLOAD_TOO_LARGE']);
    expectNoInternals(r);
  });

  it('refuses a body that is not JSON with 400 and no stack trace', async () => {
    const r = await post('{"query": "{ me { id } }"', { accept: 'application/json' });
    expect(r.status).toBe(400);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(codes(r)).toEqual(['BAD_REQUEST']);
    expectNoInternals(r);
  });

  it('answers a batch of two operations (a page and its viewer), and refuses a longer batch whole', async () => {
    const two = await post([{ query: '{ me { id } }' }, { query: '{ __typename }' }]);
    expect(two.status).toBe(200);
    expect(two.body).toEqual([{ data: { me: null } }, { data: { __typename: 'Query' } }]);
    const r = await post([{ query: '{ me { id } }' }, { query: '{ me { id } }' }, { query: '{ me { id } }' }]);
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['BAD_REQUEST']);
    expectNoInternals(r);
  });
});
