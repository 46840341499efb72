/**
 * The layout rules of the README's table, read from the import statements: production code
 * (server/src, ingest/src, shared) imports nothing from server/dev (the embedded services, the dev
 * entries, the demo), and server/src nothing from ingest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs|cjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Every relative module a file imports (static, re-exported, dynamic or required), as paths from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)];
  return found.map((m) => relative(root, resolve(dirname(file), m[1]!)));
}

const offending = (dirs: string[], forbidden: string) =>
  dirs.flatMap(sources).flatMap((file) => importsOf(file).filter((to) => to.startsWith(forbidden)).map((to) => `${relative(root, file)} imports ${to}`));

describe('layout', () => {
  it('reads the imports it checks (the worker imports the server config)', () => {
    expect(importsOf(join(root, 'ingest/src/worker.ts'))).toContain('server/src/config.js');
  });

  it('production code imports nothing from server/dev', () => {
    expect(offending(['server/src', 'ingest/src', 'shared'], 'server/dev/')).toEqual([]);
  });

  it('server/src imports nothing from ingest', () => {
    expect(offending(['server/src'], 'ingest/')).toEqual([]);
  });
});
