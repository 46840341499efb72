import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, Kind, parse, typeFromAST,
  type DefinitionNode, type FragmentDefinitionNode, type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCost } from '../../server/src/common/query-cost.js';
import { loadConfig } from '../../server/src/config.js';
import { archiveSchema } from '../../server/src/schema.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
let schema: GraphQLSchema;
beforeAll(async () => {
  archive = await startTestArchive();
  schema = await archiveSchema();
});
afterAll(() => archive?.close());

const HEAVY = 'interviews(first: 100) { nodes { transcripts { segments { text } } } }';
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${HEAVY}`).join(' ')} }`;

/** Every GraphQL document in the web's source: template literals that start with an operation or fragment. */
function webDocuments(): { file: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) files.push(path);
    }
  };
  walk('web/src');
  const docs: { file: string; text: string }[] = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    // Constant pieces a document interpolates (`${FIELDS}`), as declared in the same file.
    const constants = new Map([...source.matchAll(/const (\w+) = ['`]([^'`]*)['`]/g)].map((m) => [m[1]!, m[2]!]));
    for (const m of source.matchAll(/`\s*((?:query|mutation|fragment)\b[^`]*)`/g)) {
      const text = m[1]!.replace(/\$\{(\w+)\}/g, (whole, name: string) => constants.get(name) ?? whole);
      if (text.includes('${')) throw new Error(`${file}: a GraphQL document interpolates something this test cannot resolve: ${text.slice(0, 80)}`);
      docs.push({ file, text });
    }
  }
  return docs;
}

/** Values the web sends for the variables that change the cost; the rest only need a valid value. */
const REALISTIC: Record<string, unknown> = { first: 20, offset: 0 };

function sample(type: GraphQLInputType, name: string): unknown {
  if (name in REALISTIC) return REALISTIC[name];
  const inner = isNonNullType(type) ? type.ofType : type;
  if (!isNonNullType(type)) return null;
  if (isListType(inner)) return [];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(Object.values(named.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => [f.name, sample(f.type, f.name)]));
  }
  return ({ ID: '0123456789abcdef01234567', String: 'x', Int: 1, Float: 1, Boolean: false, DateTimeISO: '2026-01-01T00:00:00Z' } as Record<string, unknown>)[named.name] ?? {};
}

describe('the query cost limit weighs list lengths', () => {
  it('refuses five aliases of a hundred interviews’ segments, naming the limit; a small page passes', async () => {
    const limit = loadConfig({ NODE_ENV: 'test' }).graphqlMaxCost;
    const res = await fetch(`${archive.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: aliases(5) }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(body.errors[0]!.message).toMatch(new RegExp(`cost limit of ${limit} exceeded`));
    // Each alias alone is already a hundred interviews' transcripts.
    expect((await archive.gql(`{ ${HEAVY} }`)).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    const small = await archive.gql(`{ interviews(first: 20) { nodes { id title { en } narrators { id } } } }`);
    expect(small.errors).toBeUndefined();
  });

  it('the limit is configurable: GRAPHQL_MAX_COST', async () => {
    const tight = await startTestArchive({ GRAPHQL_MAX_COST: '100' });
    try {
      const refused = await tight.gql(`{ interviews(first: 20) { nodes { id title { en kk ru } } } }`);
      expect(refused.errors?.[0]?.message).toMatch(/cost limit of 100 exceeded/);
      expect((await tight.gql(`{ interviews(first: 2) { nodes { id } } }`)).errors).toBeUndefined();
    } finally {
      await tight.close();
    }
  });

  it('every query and mutation the web sends, with the variables it sends, stays under the limit', () => {
    const limit = loadConfig({ NODE_ENV: 'test' }).graphqlMaxCost;
    const docs = webDocuments();
    const fragments = new Map<string, FragmentDefinitionNode>();
    const operations: { file: string; op: OperationDefinitionNode }[] = [];
    for (const { file, text } of docs) {
      for (const def of parse(text).definitions as DefinitionNode[]) {
        if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
        else if (def.kind === Kind.OPERATION_DEFINITION) operations.push({ file, op: def });
      }
    }
    expect(operations.length).toBeGreaterThan(40);
    const costs: string[] = [];
    for (const { file, op } of operations) {
      // The fragments it spreads, transitively, as gql.tada sends them.
      const needed = new Map<string, FragmentDefinitionNode>();
      const queue = [JSON.stringify(op)];
      while (queue.length) {
        for (const m of queue.pop()!.matchAll(/"kind":"FragmentSpread","name":\{"kind":"Name","value":"(\w+)"/g)) {
          const fragment = fragments.get(m[1]!);
          if (!fragment) throw new Error(`${file}: fragment ${m[1]} is not defined in web/src`);
          if (!needed.has(m[1]!)) {
            needed.set(m[1]!, fragment);
            queue.push(JSON.stringify(fragment));
          }
        }
      }
      const variables = Object.fromEntries(
        (op.variableDefinitions ?? []).map((v) => [v.variable.name.value, sample(typeFromAST(schema, v.type as never) as GraphQLInputType, v.variable.name.value)]),
      );
      const cost = queryCost(schema, { kind: Kind.DOCUMENT, definitions: [op, ...needed.values()] }, variables);
      costs.push(`${op.name?.value ?? file}: ${cost}`);
      expect(cost, `${op.name?.value} in ${file}`).toBeLessThanOrEqual(limit);
    }
    console.log(`costs of the web's ${operations.length} operations (limit ${limit}):\n${costs.sort((a, b) => Number(b.split(': ')[1]) - Number(a.split(': ')[1])).slice(0, 8).join('\n')}`);
  });
});
