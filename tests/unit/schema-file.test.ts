import { readFile } from 'node:fs/promises';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { emittedSchema, SCHEMA_FILE } from '../../server/dev/emit-schema.js';

describe('schema/schema.graphql', () => {
  it('is what the code emits now (otherwise run `npm run schema` and commit the file)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    const emitted = await emittedSchema();
    expect(committed, 'schema/schema.graphql is missing').not.toBe('');
    // The whole text in the message would drown the hint: compare first, then point at the first difference.
    if (committed !== emitted) {
      const a = committed.split('\n');
      const b = emitted.split('\n');
      let line = 0;
      while (line < Math.max(a.length, b.length) && a[line] === b[line]) line += 1;
      expect.fail(
        `schema/schema.graphql is stale: run \`npm run schema\` and commit the file.\n` +
          `First difference at line ${line + 1}:\n  committed: ${a[line] ?? '(end of file)'}\n  emitted:   ${b[line] ?? '(end of file)'}`,
      );
    }
  });

  it('is deterministic and a valid schema with the root types', async () => {
    const first = await emittedSchema();
    expect(await emittedSchema()).toBe(first);
    const schema = buildSchema(first);
    expect(schema.getQueryType()?.name).toBe('Query');
    expect(schema.getMutationType()?.name).toBe('Mutation');
    expect(Object.keys(schema.getQueryType()!.getFields())).toContain('me');
  });
});
