/**
 * `npm run bench [-- --quick] [-- --only search]`: runs every bench/*.bench.ts and merges each one's
 * section into bench/results.json, so benchmarks added later by other features keep their neighbours.
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
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;

const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
const results: Record<string, unknown> = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  if (only && mod.section !== only) continue;
  console.log(`\n== ${mod.section} (${file}${quick ? ', quick' : ''}) ==`);
  const section = await mod.run({ quick });
  results[mod.section] = { ...section, mode: quick ? 'quick' : 'full', at: new Date().toISOString() };
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
}
console.log(`\nwrote ${resultsPath}`);
// Benchmarks may leave handles (database clients, timers) that are not worth waiting for.
process.exit(0);
