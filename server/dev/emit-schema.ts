/**
 * Writes schema/schema.graphql from the type-graphql classes (`npm run schema`).
 * The output is sorted, so it changes only when the schema does; tests/unit/schema-file.test.ts
 * fails when the committed file is stale.
 */
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { archiveSchema } from '../src/schema.js';

// The graphql instance that type-graphql builds with is the one Node resolves (graphql's CommonJS
// entry). Under vitest a plain `import 'graphql'` in our own code resolves to graphql's .mjs entry,
// a second copy whose instanceof checks reject the schema ("from another module or realm").
const { lexicographicSortSchema, printSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'schema.graphql');

const HEADER = '# Generated from the type-graphql classes by `npm run schema`; do not edit by hand.\n\n';

/** The text of schema/schema.graphql as the code defines it now. */
export async function emittedSchema(): Promise<string> {
  const schema = await archiveSchema();
  return `${HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}

async function main() {
  const text = await emittedSchema();
  await mkdir(dirname(SCHEMA_FILE), { recursive: true });
  await writeFile(SCHEMA_FILE, text);
  console.log(`Wrote ${relative(process.cwd(), SCHEMA_FILE)} (${text.split('\n').length} lines)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
