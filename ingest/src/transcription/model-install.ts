/**
 * `npm run whisper:model -- <name> [--out <file>] [--from <base-url>] [--force]`
 *
 * Downloads a published whisper.cpp model (ggml format) and installs it where WHISPER_MODEL points
 * (or --out, or .data/models/ggml-<name>.bin), on a machine with internet. The file is written next
 * to the destination as `.part`, checked — byte count against Content-Length, SHA-1 against the
 * checksum whisper.cpp publishes for that name, and the ggml structure as the engine checks it —
 * and only then renamed into place, so a broken download never replaces a working model.
 * `--from` points at a mirror holding the same file names (for a machine without direct access).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { inspectModel } from './ggml-model.js';

/** SHA-1 of each model as listed in whisper.cpp's models/README.md. */
export const MODELS: Record<string, string> = {
  tiny: 'bd577a113a864445d4c299885e0cb97d4ba92b5f',
  'tiny.en': 'c78c86eb1a8faa21b369bcd33207cc90d64ae9df',
  base: '465707469ff3a37a2b9b8d8f89f2f99de7299dac',
  'base.en': '137c40403d78fd54d454da0f9bd998f78703390c',
  small: '55356645c2b361a969dfd0ef2c5a50d530afd8d5',
  'small.en': 'db8a495a91d927739e50b3fc1cc4c6b8f6c2d022',
  'small.en-tdrz': 'b6c6e7e89af1a35c08e6de56b66ca6a02a2fdfa1',
  medium: 'fd9727b6e1217c2f614f9b698455c4ffd82463b4',
  'medium.en': '8c30f0e44ce9560643ebd10bbe50cd20eafd3723',
  'large-v1': 'b1caaf735c4cc1429223d5a74f0f4d0b9b59a299',
  'large-v2': '0f4c8e34f21cf1a914c59d8b3ce882345ad349d6',
  'large-v2-q5_0': '00e39f2196344e901b3a2bd5814807a769bd1630',
  'large-v3': 'ad82bf6a9043ceed055076d0fd39f5f186ff8062',
  'large-v3-q5_0': 'e6e2ed78495d403bef4b7cff42ef4aaadcfea8de',
  'large-v3-turbo': '4af2b29d7ec73d781377bfd1758ca957a807e941',
  'large-v3-turbo-q5_0': 'e050f7970618a659205450ad97eb95a18d69c9ee',
};

export const DEFAULT_SOURCE = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

export interface InstallPlan {
  name: string;
  url: string;
  sha1: string;
  /** Absolute destination path. */
  out: string;
  force: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: npm run whisper:model -- <name> [--out <file>] [--from <base-url>] [--force]
  <name>   one of: ${Object.keys(MODELS).join(', ')}
           (".en" models know English only; for Kazakh and Russian interviews use a multilingual one)
  --out    where to write it (default: $WHISPER_MODEL, else .data/models/ggml-<name>.bin)
  --from   a mirror with the same file names (default: ${DEFAULT_SOURCE})
  --force  download again even if the destination already holds this model`;

/** Turns the command line into a plan; throws UsageError with a message for the person typing. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): InstallPlan {
  let name: string | undefined;
  let out: string | undefined;
  let from: string | undefined;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--out') out = value();
    else if (arg === '--from') from = value();
    else if (arg === '--force') force = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (name) throw new UsageError(`one model at a time (got "${name}" and "${arg}")`);
    else name = arg.replace(/^ggml-/, '').replace(/\.bin$/, '');
  }
  if (!name) throw new UsageError('which model? e.g. `npm run whisper:model -- base`');
  const sha1 = MODELS[name];
  if (!sha1) throw new UsageError(`unknown model "${name}"`);
  const base = from ?? env.WHISPER_MODEL_SOURCE ?? DEFAULT_SOURCE;
  let url: URL;
  try {
    url = new URL(`${base.replace(/\/+$/, '')}/ggml-${name}.bin`);
  } catch {
    throw new UsageError(`--from must be a URL, not "${base}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--from must be an http(s) URL, not "${base}"`);
  const target = out ?? (env.WHISPER_MODEL || `.data/models/ggml-${name}.bin`);
  return { name, url: url.href, sha1, out: resolve(cwd, target), force };
}

/** Streamed: models are up to 3 GB. */
async function sha1Of(path: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Downloads, verifies and installs; returns what it did. `fetchImpl` is for tests. */
export async function installModel(
  plan: InstallPlan,
  { fetchImpl = fetch, log = console.log }: { fetchImpl?: typeof fetch; log?: (line: string) => void } = {},
): Promise<'installed' | 'already-installed'> {
  if (!plan.force && (await stat(plan.out).catch(() => null))?.isFile() && (await sha1Of(plan.out)) === plan.sha1) {
    log(`${plan.out} already holds ggml-${plan.name}.bin (SHA-1 matches)`);
    return 'already-installed';
  }
  await mkdir(dirname(plan.out), { recursive: true });
  const part = `${plan.out}.part`;
  try {
    log(`Downloading ${plan.url}`);
    const res = await fetchImpl(plan.url, { redirect: 'follow' });
    if (!res.ok || !res.body) throw new Error(`the server answered ${res.status} ${res.statusText}`);
    const expected = Number(res.headers.get('content-length') ?? NaN);
    const hash = createHash('sha1');
    let bytes = 0;
    let shown = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, next) {
        hash.update(chunk);
        bytes += chunk.length;
        if (bytes - shown >= 64 * 2 ** 20) (shown = bytes, log(`  ${(bytes / 2 ** 20).toFixed(0)} MiB${expected ? ` of ${(expected / 2 ** 20).toFixed(0)}` : ''}`));
        next(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), count, createWriteStream(part));
    if (Number.isFinite(expected) && bytes !== expected) throw new Error(`got ${bytes} bytes of ${expected}: the download was cut short`);
    const sha1 = hash.digest('hex');
    if (sha1 !== plan.sha1) throw new Error(`SHA-1 is ${sha1}, expected ${plan.sha1}: the file is damaged or not ggml-${plan.name}.bin`);
    const info = await inspectModel(part);
    await rename(part, plan.out);
    log(`Installed ggml-${plan.name}.bin (${(bytes / 2 ** 20).toFixed(1)} MiB, ${info.tensors} tensors, ${info.multilingual ? `${info.languages} languages` : 'English only'}) at ${plan.out}`);
    return 'installed';
  } catch (err) {
    await rm(part, { force: true });
    throw new Error(`Could not install ggml-${plan.name}.bin: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

async function main(): Promise<number> {
  let plan: InstallPlan;
  try {
    plan = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message ? `${err.message}\n\n${USAGE}` : USAGE);
    return err.message ? 2 : 0;
  }
  await installModel(plan);
  if (!process.env.WHISPER_MODEL || resolve(process.env.WHISPER_MODEL) !== plan.out) console.log(`Set WHISPER_MODEL=${plan.out} for the worker.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
