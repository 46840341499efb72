import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const BUILT = 'web/build/index.js';

/** The newest change to anything the site is built from: tracked files only, so generated ones don't count. */
function newestSource(): { file: string; mtimeMs: number } {
  const tracked = execFileSync('git', ['ls-files', '-z', 'web', 'schema/schema.graphql', 'package-lock.json'], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  let newest = { file: '', mtimeMs: 0 };
  for (const file of tracked) {
    if (!existsSync(file)) continue;
    const { mtimeMs } = statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/** Builds the site (`npm run web:build`) when web/build is missing or older than its sources. */
export function ensureSiteBuilt(log: (line: string) => void): { built: boolean; reason: string } {
  const source = newestSource();
  let reason: string;
  if (!existsSync(BUILT)) reason = 'web/build is missing';
  else if (statSync(BUILT).mtimeMs < source.mtimeMs) reason = `${source.file} is newer than web/build`;
  else return { built: false, reason: 'web/build is up to date' };
  log(`building the site: ${reason}`);
  const run = spawnSync('npm', ['run', 'web:build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`npm run web:build failed (exit ${run.status})`);
  return { built: true, reason };
}
