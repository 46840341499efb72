/**
 * Batch import: `npm run ingest -- <folder> [--manifest manifest.csv] [--api=URL] [--token=TOKEN] [--dry-run]`.
 *
 * Everything is checked before anything is sent (manifest rows, the narrators sheet, files, release
 * scans, vocabulary labels, narrator names; every problem listed with its file, line and column). The
 * sheet's new narrators are created first, then each row's interview, its release and its recording. Then, one file after another, an interview is created
 * and the recording goes through the archive's own upload flow, parts straight to storage, three at
 * a time. The state file in the folder makes a rerun continue where the last one stopped, and the
 * archive's checksum check makes it skip what is already stored. Exit code: 0 done, 1 some files
 * failed (rerun to retry them), 2 nothing was sent (bad manifest or arguments). The progress
 * shows each file and the whole run (files, bytes, time left); the report at the end (printed, and
 * written next to the manifest as import-report.csv) lists every row with its studio link or its error.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sha256OfFile } from '../media/object-files.js';
import { ArchiveApi, type RetryOptions } from './api-client.js';
import { createInterview, createNarrators, masterState, type NarratorRef, narratorIdsOf, resolveReferences, storedChecksums } from './archive-records.js';
import { MEDIA_TYPES, mediaTypeOf, type ManifestProblem, type ManifestRow, problemText, readManifest, rowsForFolder } from './manifest.js';
import { NARRATOR_SHEET, readNarratorSheet, type SheetNarrator } from './narrator-sheet.js';
import { chooseLang, type Lang, nothingSent, said } from './problem-text.js';
import { recordRelease } from './release-upload.js';
import { planText } from './plan.js';
import { FileProgress, formatBytes, type Output, RunProgress } from './progress.js';
import { REPORT_FILE, type ReportEntry, reportText, writeReport } from './report.js';
import { ImportState, STATE_FILE } from './state-file.js';
import { uploadRecording } from './uploader.js';

export interface ImportOptions {
  folder: string;
  manifest: string | null;
  api: string;
  token: string;
  /** The site, for the report's studio links. */
  site?: string;
  /** The interface language of those links. */
  lang?: string;
  /** The language problems are told in. */
  messages?: Lang;
  /** Check and print what would be created; send nothing. */
  dryRun?: boolean;
  parallel?: number;
  out: Output;
  signal?: AbortSignal;
  retry?: Omit<RetryOptions, 'signal'>;
}

export interface ImportSummary {
  problems: ManifestProblem[];
  uploaded: string[];
  stored: string[];
  failed: { file: string; error: string }[];
  bytesSent: number;
  /** Narrators of the sheet this run created (the others were already in the archive). */
  narratorsCreated: number;
  report: ReportEntry[];
  /** Where the report was written, if the import ran. */
  reportPath: string | null;
}

export const DEFAULT_API = 'http://localhost:4000';
export const DEFAULT_SITE = 'http://localhost:3000';

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const { out } = options;
  const summary: ImportSummary = { problems: [], uploaded: [], stored: [], failed: [], bytesSent: 0, narratorsCreated: 0, report: [], reportPath: null };
  const folder = resolve(options.folder);
  const entries = await readdir(folder, { withFileTypes: true });
  const files = new Set(entries.filter((e) => e.isFile() && e.name !== STATE_FILE && e.name !== REPORT_FILE).map((e) => e.name));

  let rows: ManifestRow[];
  const manifestName = options.manifest ? basename(options.manifest) : 'the folder';
  const problems: ManifestProblem[] = [];
  if (options.manifest) {
    const read = readManifest(await readFile(options.manifest, 'utf8'), files, manifestName);
    rows = read.rows;
    problems.push(...read.problems);
  } else {
    rows = rowsForFolder(files);
    if (!rows.length) problems.push({ file: folder, line: 0, message: said('noRecordingsInFolder', { types: Object.keys(MEDIA_TYPES).join(' ') }) });
  }
  // The narrators sheet sits beside the manifest (or in the folder without one).
  const sheetPath = join(options.manifest ? dirname(resolve(options.manifest)) : folder, NARRATOR_SHEET);
  const sheetText = await readFile(sheetPath, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
  const sheet = sheetText === null ? { narrators: [], problems: [] } : readNarratorSheet(sheetText, NARRATOR_SHEET);
  problems.push(...sheet.problems);
  const api = new ArchiveApi(options.api, options.token, options.retry);
  // The rows that read well are checked against the archive too, so one run lists every problem.
  const resolved = await resolveReferences(api, rows, { file: NARRATOR_SHEET, narrators: sheet.narrators });
  const { refs, sheetRefs } = resolved;
  problems.push(...resolved.problems.map((p) => ({ ...p, file: p.file ?? manifestName })));
  const order = (p: ManifestProblem) => (p.file === NARRATOR_SHEET ? 1 : 0);
  summary.problems = problems.sort((a, b) => order(a) - order(b) || a.line - b.line);
  if (summary.problems.length) {
    for (const p of summary.problems) out.write(`${problemText(p, options.messages ?? 'en')}\n`);
    out.write(`${nothingSent(summary.problems.length, options.messages ?? 'en')}\n`);
    return summary;
  }
  const sizes = new Map<ManifestRow, number>();
  for (const row of rows) sizes.set(row, (await stat(join(folder, row.file))).size);
  if (options.dryRun) {
    const state = await ImportState.open(folder, api.graphqlUrl);
    const newNarrators = [...sheetRefs.values()].flatMap((r) => ('create' in r ? [r.create] : []));
    out.write(planText(api.graphqlUrl, rows.map((row) => ({ row, refs: refs.get(row)!, size: sizes.get(row)!, earlier: state.get(row.file) })), newNarrators));
    return summary;
  }
  try {
    // Before any recording: a row's narrators must exist when its interview is created.
    summary.narratorsCreated = await createNarrators(api, sheetRefs);
    if (summary.narratorsCreated) out.write(`${summary.narratorsCreated} new narrator${summary.narratorsCreated === 1 ? '' : 's'} from ${NARRATOR_SHEET}\n`);
    await importRows(options, api, folder, rows, refs, sheetRefs, sizes, summary);
  } finally {
    // Also after Ctrl-C: the rows not reached are listed as not sent.
    const done = new Set(summary.report.map((e) => e.file));
    for (const row of rows) if (!done.has(row.file)) summary.report.push({ line: row.line, file: row.file, outcome: 'not sent', interviewId: null, reason: 'the run stopped before it' });
    const site = options.site ?? DEFAULT_SITE;
    const lang = options.lang ?? 'en';
    summary.reportPath = join(options.manifest ? dirname(resolve(options.manifest)) : folder, REPORT_FILE);
    await writeReport(summary.reportPath, summary.report, site, lang);
    out.write(`${reportText(summary.report, site, lang)}The report is in ${summary.reportPath}\n`);
  }
  return summary;
}

async function importRows(
  options: ImportOptions,
  api: ArchiveApi,
  folder: string,
  rows: ManifestRow[],
  refs: Awaited<ReturnType<typeof resolveReferences>>['refs'],
  sheetRefs: Map<SheetNarrator, NarratorRef>,
  sizes: Map<ManifestRow, number>,
  summary: ImportSummary,
) {
  const { out, signal } = options;
  const overall = new RunProgress(rows.length, [...sizes.values()].reduce((a, b) => a + b, 0));
  const state = await ImportState.open(folder, api.graphqlUrl);
  const started = Date.now();
  // Only needed when a file has no interview in the state file yet (first run, or the state file was lost).
  let known: Promise<Map<string, string>> | undefined;

  for (const [i, row] of rows.entries()) {
    signal?.throwIfAborted();
    const path = join(folder, row.file);
    const index = `[${i + 1}/${rows.length}]`;
    const { size, mtimeMs } = await stat(path);
    const progress = new FileProgress(out, index, row.file, size);
    let sentNow = 0;
    const ended = (outcome: ReportEntry['outcome'], reason: string | null = null) => {
      summary.report.push({ line: row.line, file: row.file, outcome, interviewId: state.get(row.file)?.interviewId ?? null, reason });
      overall.fileDone(size, sentNow);
      out.write(`${overall.line()}\n`);
    };
    const withRelease = async (interviewId: string) => {
      if (!row.release) return;
      if ((await recordRelease(api, interviewId, folder, row.release)) === 'recorded') {
        out.write(`${index} ${row.file}: release ${row.release.file} recorded (permits ${row.release.permits})\n`);
      }
    };
    try {
      let entry = state.get(row.file);
      if (!entry || entry.size !== size || entry.mtimeMs !== mtimeMs) {
        // New, or changed since the last run: hash it again and forget any upload of the old bytes.
        progress.update(0, 'computing the checksum');
        const sha256 = await sha256OfFile(path);
        const base = { partSize: null, partCount: null, doneParts: [], assetId: null, status: 'new' as const };
        await state.update(row.file, { interviewId: null, ...entry, ...base, size, mtimeMs, sha256 });
        entry = state.get(row.file)!;
      }
      if (entry.interviewId) await withRelease(entry.interviewId);
      if (entry.interviewId && (entry.status === 'uploaded' || entry.status === 'stored')) {
        const found = await masterState(api, entry.interviewId, { assetId: entry.assetId, sha256: entry.sha256 });
        if (found === 'present') {
          summary.stored.push(row.file);
          progress.finish(size, 'skipped: already stored');
          ended('already stored');
          continue;
        }
        // Rejected by verification, removed, or its interview deleted: send it again.
        const again = { assetId: null, doneParts: [], status: 'new' as const };
        await state.update(row.file, found === 'no-interview' ? { ...again, interviewId: null } : again);
        entry = state.get(row.file)!;
      }
      if (!entry.interviewId) {
        known ??= storedChecksums(api);
        const already = (await known).get(entry.sha256);
        if (already) {
          await state.update(row.file, { interviewId: already, status: 'stored' });
          summary.stored.push(row.file);
          progress.finish(size, `skipped: already stored (interview ${already})`);
          ended('already stored');
          continue;
        }
        await state.update(row.file, { interviewId: await createInterview(api, row, refs.get(row)!, narratorIdsOf(refs.get(row)!, sheetRefs)) });
      }
      await withRelease(state.get(row.file)!.interviewId!);
      const outcome = await uploadRecording({
        api,
        state,
        file: row.file,
        path,
        interviewId: state.get(row.file)!.interviewId!,
        size,
        sha256: entry.sha256,
        contentType: mediaTypeOf(row.file)!,
        parallel: options.parallel ?? 3,
        retry: options.retry,
        signal,
        onProgress: (sent) => progress.update(sent),
      });
      if (outcome.status === 'stored') {
        summary.stored.push(row.file);
        progress.finish(size, 'skipped: already stored');
        ended('already stored');
      } else {
        summary.uploaded.push(row.file);
        const partSize = state.get(row.file)?.partSize ?? size;
        sentNow = Math.min(size, outcome.partsSent * partSize);
        summary.bytesSent += sentNow;
        progress.finish(size, outcome.resumed ? `uploaded (resumed: ${outcome.partsSent} parts sent this time)` : 'uploaded');
        ended('uploaded');
      }
    } catch (err) {
      if (signal?.aborted) {
        progress.finish(0, 'interrupted');
        throw err;
      }
      const message = err instanceof Error ? err.message : String(err);
      summary.failed.push({ file: row.file, error: message });
      progress.finish(0, `FAILED: ${message}`);
      ended('failed', message);
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  out.write(
    `\n${summary.uploaded.length} uploaded (${formatBytes(summary.bytesSent)} sent in ${seconds} s), ` +
      `${summary.stored.length} skipped as already stored, ${summary.failed.length} failed.\n`,
  );
  if (summary.failed.length) out.write('Run the same command again to retry the failed files; finished ones are skipped.\n');
}

const USAGE = `Usage: npm run ingest -- <folder> [--manifest manifest.csv] [--api=URL] [--token=TOKEN] [--site=URL] [--parallel 3] [--lang kk|ru|en] [--dry-run]
  --api defaults to ARCHIVE_API_URL, else ${DEFAULT_API}; --site (for the report's studio links) to
  PUBLIC_SITE_URL, else ${DEFAULT_SITE}. The token may also come from ARCHIVE_TOKEN (better: a token on the
  command line stays in the shell history). Write --token=TOKEN with "=": a token may start with "-".
  --dry-run checks everything and prints what would be created and sent, and sends nothing.
  --lang: the language problems are told in (and of the report's studio links); default from LANG, else en.
  Manifest columns: file, title, languages, narrators, date, place, tags, ethnic groups, eras, topics, access,
  release (the signed release's scan in the folder), permits, signed on, embargo until.
  narrators.csv beside the manifest (optional), columns: name kk, name ru, name en, other names, birth year,
  birth place, ethnic identity, roles, details public (yes/no, default no), notes. Its narrators are
  created unless the archive has one of that name (in any script); the manifest names them by any name.\n`;

/** The command line; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, out: Output, signal?: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        manifest: { type: 'string' },
        api: { type: 'string' },
        token: { type: 'string' },
        site: { type: 'string' },
        parallel: { type: 'string' },
        'dry-run': { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    out.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  const problems: string[] = [];
  const folder = positionals[0];
  if (!folder || positionals.length > 1) problems.push('name exactly one folder of recordings');
  else if (!(await stat(folder).then((s) => s.isDirectory(), () => false))) problems.push(`${folder} is not a folder`);
  const api = values.api ?? env.ARCHIVE_API_URL ?? DEFAULT_API;
  const site = values.site ?? env.PUBLIC_SITE_URL ?? DEFAULT_SITE;
  const token = values.token ?? env.ARCHIVE_TOKEN;
  for (const [name, url] of [['--api', api], ['--site', site]] as const) if (!URL.canParse(url)) problems.push(`${name} ${url} is not a URL such as http://localhost:4000`);
  if (!token) problems.push('the token is missing: --token or ARCHIVE_TOKEN (the session token of an account that may upload)');
  const lang = chooseLang(values.lang, env);
  if (!lang) problems.push(`--lang must be kk, ru or en, not ${values.lang}`);
  const parallel = Number(values.parallel ?? 3);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 16) problems.push(`--parallel must be a whole number from 1 to 16, not ${values.parallel}`);
  let manifest: string | null = null;
  if (values.manifest && folder) {
    const candidates = [resolve(values.manifest), resolve(folder, values.manifest)];
    const found = [];
    for (const c of candidates) if (await stat(c).then((s) => s.isFile(), () => false)) found.push(c);
    if (found[0]) manifest = found[0];
    else problems.push(`the manifest ${values.manifest} was found neither here nor in the folder`);
  }
  if (problems.length) {
    out.write(`${problems.map((p) => `- ${p}`).join('\n')}\n${USAGE}`);
    return 2;
  }
  const summary = await runImport({ folder: folder!, manifest, api, site, token: token!, parallel, lang: lang!, messages: lang!, dryRun: values['dry-run'] ?? false, out, signal });
  if (summary.problems.length) return 2;
  if (values['dry-run']) return 0;
  return summary.failed.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stdout.write('\nInterrupted: what was sent is recorded in the folder; run the same command again to continue.\n');
    controller.abort();
  });
  main(process.argv.slice(2), process.env, process.stdout, controller.signal).then(
    (code) => process.exit(code),
    (err) => {
      if (!controller.signal.aborted) console.error(err instanceof Error ? err.message : err);
      process.exit(controller.signal.aborted ? 130 : 1);
    },
  );
}
