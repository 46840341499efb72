/**
 * `npm run import-bags -- DIR`: loads the bags of `npm run export` into the archive that
 * MONGODB_URI and S3_* name (see server/src/preservation/import-bags.ts). Every checksum is
 * verified first; any problem and nothing is written. Exit code: 0 done, 1 refused, 2 bad arguments.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectArchive } from '../../../server/src/preservation/archive-connection.js';
import { importBags } from '../../../server/src/preservation/import-bags.js';
import type { Output } from './progress.js';

const USAGE = 'Usage: npm run import-bags -- DIR   (DIR holds the bags written by npm run export)\n';

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    out.write(USAGE);
    return argv[0] === '--help' ? 0 : 2;
  }
  const dir = resolve(argv[0]!);
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) {
    out.write(`${argv[0]} is not a folder\n${USAGE}`);
    return 2;
  }
  const archive = await connectArchive(env);
  try {
    const summary = await importBags({
      models: archive.db.models,
      storage: archive.storage,
      queue: archive.services.jobs.queue,
      dir,
      log: (line) => out.write(`${line}\n`),
    });
    if (summary.problems.length) {
      for (const p of summary.problems) out.write(`${p.bag}${p.file ? `/${p.file}` : ''}: ${p.problem}\n`);
      out.write(`Nothing was imported: ${summary.problems.length} problem${summary.problems.length === 1 ? '' : 's'}.\n`);
      return 1;
    }
    out.write(`${summary.interviews.length} interviews imported; the worker makes their access copies and search entries.\n`);
    return 0;
  } finally {
    await archive.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2), process.env, process.stdout).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
