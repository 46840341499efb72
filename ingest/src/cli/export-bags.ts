/**
 * `npm run export -- --out DIR [--interview ID]…`: the archive as BagIt bags (see
 * server/src/preservation/export-bags.ts), from the database and storage that MONGODB_URI and
 * S3_* name, or else from the running `npm run demo`. A rerun into the same folder continues:
 * files already there with the right checksum are kept. Exit code: 0 done, 1 failed, 2 bad arguments.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectArchive } from '../../../server/src/preservation/archive-connection.js';
import { exportBags, type ExportProgress } from '../../../server/src/preservation/export-bags.js';
import { FileProgress, type Output } from './progress.js';

const USAGE = `Usage: npm run export -- --out DIR [--interview ID]...
  Writes one BagIt bag per interview (all, or those named) and one for the archive into DIR.
  MONGODB_URI and S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY name the archive;
  unset, it exports the running \`npm run demo\`.\n`;

export function progressTo(out: Output): ExportProgress {
  let bar: FileProgress | null = null;
  let sent = 0;
  let count = 0;
  return {
    start(bag, file, size) {
      count += 1;
      sent = 0;
      bar = new FileProgress(out, `[${count}]`, `${bag}/${file}`, size);
    },
    bytes(n) {
      sent += n;
      bar?.update(sent);
    },
    done(note) {
      bar?.finish(sent || 1, note);
    },
  };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: 'string' }, interview: { type: 'string', multiple: true }, help: { type: 'boolean' } } }));
  } catch (err) {
    out.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  const ids = values.interview ?? [];
  const bad = ids.filter((id) => !/^[0-9a-f]{24}$/.test(id));
  if (!values.out || bad.length) {
    out.write(`${!values.out ? '- --out DIR is required\n' : ''}${bad.map((id) => `- ${id} is not an interview id (24 hex digits)\n`).join('')}${USAGE}`);
    return 2;
  }
  const archive = await connectArchive(env);
  if (archive.from === 'demo') out.write('Exporting the running demo archive (npm run demo).\n');
  try {
    const started = Date.now();
    const summary = await exportBags({
      models: archive.db.models,
      storage: archive.storage,
      exports: archive.services.exports,
      siteUrl: archive.siteUrl,
      out: resolve(values.out),
      interviewIds: ids,
      progress: progressTo(out),
    });
    out.write(
      `\n${summary.bags.length} bags in ${resolve(values.out)} (${summary.written} files written, ${summary.skipped} already there) in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    );
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
