/**
 * `npm run bench [-- --quick] [-- site search]`: runs every bench/*.bench.ts, or only the sections
 * named (`--only search` works too), and merges each one's section into bench/results.json, so
 * benchmarks added later by other features keep their neighbours.
 * Run with --expose-gc (the npm script does) so memory is measured after a collection.
 */
import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchModule {
  /** The key of this benchmark's section in results.json. */
  section: string;
  run(options: { quick: boolean }): Promise<Record<string, unknown>>;
}

const here = dirname(fileURLToPath(import.meta.url));
const resultsPath = join(here, 'results.json');
const quick = process.argv.includes('--quick');
const args = process.argv.slice(2);
// Section names are the bare words (`--only` before one is still accepted and changes nothing).
const only = new Set(args.filter((arg) => !arg.startsWith('--')));

const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
const sections = new Map<string, BenchModule>();
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  sections.set(mod.section, mod);
}
const unknown = [...only].filter((name) => !sections.has(name));
if (unknown.length) {
  console.error(`no benchmark section ${unknown.join(', ')}; there are: ${[...sections.keys()].join(', ')}`);
  process.exit(2);
}
const results: Record<string, unknown> = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
for (const [name, mod] of sections) {
  if (only.size && !only.has(name)) continue;
  console.log(`\n== ${name}${quick ? ' (quick)' : ''} ==`);
  const section = await mod.run({ quick });
  results[mod.section] = { ...section, mode: quick ? 'quick' : 'full', at: new Date().toISOString() };
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
}
console.log(`\nwrote ${resultsPath}`);
// Benchmarks may leave handles (database clients, timers) that are not worth waiting for.
process.exit(0);
