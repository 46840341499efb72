/**
 * BagIt 1.0 (RFC 8493): writing a bag and validating one.
 *
 * No npm BagIt library fits: `bagit-fs` offers an fs-like writer for one bag (SHA-256 only, no
 * tag manifest, no way to stream a file in while hashing it, no resume) and `bagit` is a 0.0.x
 * stub. The format is small enough to write here: payload under `data/`, a manifest line per
 * file and algorithm, `bag-info.txt` with Payload-Oxum, and a tag manifest over the tag files.
 *
 * Files are first written as `<name>.partial` and renamed when complete, so an interrupted
 * export never leaves a half file under its real name; a rerun skips files whose checksum matches.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const ALGORITHMS = ['sha256', 'sha512'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];
export type Digests = Record<Algorithm, string>;

export interface PayloadEntry {
  /** Relative to the bag, with `/`, starting with `data/`. */
  path: string;
  size: number;
  digests: Digests;
}

const hashers = () => Object.fromEntries(ALGORITHMS.map((a) => [a, createHash(a)])) as Record<Algorithm, Hash>;
const hexOf = (h: Record<Algorithm, Hash>) => Object.fromEntries(ALGORITHMS.map((a) => [a, h[a].digest('hex')])) as Digests;

export function digestsOf(bytes: Uint8Array | string): Digests {
  const h = hashers();
  for (const a of ALGORITHMS) h[a].update(bytes);
  return hexOf(h);
}

/** Both digests and the size of a file on disk, read once; null when there is no such file. */
export async function digestsOfFile(path: string): Promise<{ size: number; digests: Digests } | null> {
  if (!(await stat(path).then((s) => s.isFile(), () => false))) return null;
  const h = hashers();
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    size += chunk.length;
    for (const a of ALGORITHMS) h[a].update(chunk);
  }
  return { size, digests: hexOf(h) };
}

/** RFC 8493 §2.1.3: CR, LF and % in a manifest path are percent-encoded. */
const encodePath = (p: string) => p.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const decodePath = (p: string) => p.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');

/** A file name from the archive's data that is safe as one path segment of a bag. */
export function safeSegment(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[\u0000-\u001f/\\:*?"<>|%]+/g, '_').replace(/^\.+/, '_').slice(-150);
  return cleaned || 'file';
}

export class BagWriter {
  private readonly entries = new Map<string, PayloadEntry>();
  /** Files written this run (the rest were already there with the right checksum). */
  written = 0;
  skipped = 0;

  constructor(readonly dir: string) {}

  private target(path: string) {
    if (!path.startsWith('data/') || path.split('/').some((s) => s === '..' || s === '')) throw new Error(`not a payload path: ${path}`);
    return join(this.dir, ...path.split('/'));
  }

  /** A payload file from memory; skipped when the file on disk already holds these bytes. */
  async addBytes(path: string, body: Uint8Array | string): Promise<PayloadEntry> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const digests = digestsOf(bytes);
    const target = this.target(path);
    const existing = await digestsOfFile(target);
    if (existing && existing.digests.sha256 === digests.sha256) this.skipped += 1;
    else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(`${target}.partial`, bytes);
      await rename(`${target}.partial`, target);
      this.written += 1;
    }
    return this.record({ path, size: bytes.length, digests });
  }

  /**
   * A payload file streamed from `open()` (storage), hashed on the way to disk. When the file is
   * already there with the expected SHA-256 it is not fetched again. The digest of what arrived is
   * compared with `expectedSha256`: a mismatch throws, and no file is left under the real name.
   */
  async addStream(
    path: string,
    open: () => Promise<Readable | NodeJS.ReadableStream>,
    expectedSha256: string | null,
    onBytes?: (n: number) => void,
  ): Promise<PayloadEntry> {
    const target = this.target(path);
    const existing = expectedSha256 ? await digestsOfFile(target) : null;
    if (existing && existing.digests.sha256 === expectedSha256) {
      this.skipped += 1;
      onBytes?.(existing.size);
      return this.record({ path, size: existing.size, digests: existing.digests });
    }
    await mkdir(dirname(target), { recursive: true });
    const h = hashers();
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        for (const a of ALGORITHMS) h[a].update(chunk);
        onBytes?.(chunk.length);
        done(null, chunk);
      },
    });
    await pipeline(await open(), tap, createWriteStream(`${target}.partial`));
    const digests = hexOf(h);
    if (expectedSha256 && digests.sha256 !== expectedSha256) {
      throw new Error(`${path}: storage returned bytes whose SHA-256 ${digests.sha256} differs from the recorded ${expectedSha256}`);
    }
    await rename(`${target}.partial`, target);
    this.written += 1;
    return this.record({ path, size, digests });
  }

  private record(entry: PayloadEntry) {
    this.entries.set(entry.path, entry);
    return entry;
  }

  /** Writes bagit.txt, bag-info.txt (with Payload-Oxum), the payload manifests and the tag manifest. */
  async finish(info: [string, string][]): Promise<PayloadEntry[]> {
    // Left by an interrupted run whose file was then found complete: not part of the bag.
    for (const stale of (await filesUnder(this.dir, 'data')).filter((f) => f.endsWith('.partial'))) await rm(join(this.dir, stale));
    const payload = [...this.entries.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
    const octets = payload.reduce((n, e) => n + e.size, 0);
    const tags = new Map<string, string>();
    tags.set('bagit.txt', 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const fields: [string, string][] = [...info, ['Payload-Oxum', `${octets}.${payload.length}`]];
    const lines = fields.map(([k, v]) => `${k}: ${v.replace(/\s*\n\s*/g, ' ')}\n`);
    tags.set('bag-info.txt', lines.join(''));
    for (const a of ALGORITHMS) tags.set(`manifest-${a}.txt`, payload.map((e) => `${e.digests[a]}  ${encodePath(e.path)}\n`).join(''));
    for (const [name, text] of tags) await writeFile(join(this.dir, name), text);
    const tagLines = [...tags].map(([name, text]) => `${digestsOf(text).sha256}  ${name}\n`).join('');
    await writeFile(join(this.dir, 'tagmanifest-sha256.txt'), tagLines);
    return payload;
  }
}

export interface BagProblem {
  file: string;
  problem: string;
}

export interface ValidBag {
  dir: string;
  info: Map<string, string>;
  payload: PayloadEntry[];
}

async function filesUnder(root: string, sub: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  };
  await walk(join(root, sub)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  return out;
}

function parseManifest(text: string, file: string, problems: BagProblem[]): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const m = /^([0-9a-fA-F]+)[ \t]+(.+)$/.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (!m) {
      problems.push({ file, problem: `line ${i + 1} is not "<checksum> <path>"` });
      continue;
    }
    entries.set(decodePath(m[2]!.startsWith('*') ? m[2]!.slice(1) : m[2]!), m[1]!.toLowerCase());
  }
  return entries;
}

/**
 * Checks one bag as RFC 8493 §3 asks: bagit.txt, every payload file in every payload manifest and
 * every listed file present with the listed checksum, Payload-Oxum, and the tag manifest. Returns
 * the bag, or every problem found (file and what is wrong with it).
 */
export async function validateBag(dir: string): Promise<{ bag: ValidBag | null; problems: BagProblem[] }> {
  const problems: BagProblem[] = [];
  const read = (name: string) => readFile(join(dir, name), 'utf8').catch(() => null);
  const declaration = await read('bagit.txt');
  if (declaration === null) problems.push({ file: 'bagit.txt', problem: 'missing: this is not a bag' });
  else if (!/^BagIt-Version: 1\.0\r?\nTag-File-Character-Encoding: UTF-8\r?\n?$/.test(declaration)) {
    problems.push({ file: 'bagit.txt', problem: 'must declare "BagIt-Version: 1.0" and "Tag-File-Character-Encoding: UTF-8"' });
  }
  const info = new Map<string, string>();
  const infoText = await read('bag-info.txt');
  for (const line of (infoText ?? '').split(/\r?\n/)) {
    const m = /^([^:\s][^:]*):\s*(.*)$/.exec(line);
    if (m) info.set(m[1]!, m[2]!);
  }
  const topLevel = (await readdir(dir).catch(() => [] as string[])).filter((n) => !n.endsWith('.partial'));
  const payloadManifests = topLevel.filter((n) => /^manifest-[a-z0-9]+\.txt$/.test(n));
  if (!payloadManifests.length) problems.push({ file: 'manifest-sha256.txt', problem: 'missing: a bag needs at least one payload manifest' });
  const onDisk = new Set(await filesUnder(dir, 'data'));
  const partial = [...onDisk].filter((f) => f.endsWith('.partial'));
  for (const f of partial) problems.push({ file: f, problem: 'left from an interrupted write' });

  const expected = new Map<string, Partial<Record<string, string>>>();
  for (const name of payloadManifests) {
    const algorithm = name.slice('manifest-'.length, -'.txt'.length);
    const listed = parseManifest((await read(name)) ?? '', name, problems);
    for (const path of onDisk) if (!path.endsWith('.partial') && !listed.has(path)) problems.push({ file: path, problem: `not listed in ${name}` });
    for (const [path, sum] of listed) {
      if (!path.startsWith('data/') || path.split('/').includes('..')) problems.push({ file: name, problem: `lists ${path}, which is outside data/` });
      else if (!onDisk.has(path)) problems.push({ file: path, problem: `listed in ${name} but missing` });
      else expected.set(path, { ...expected.get(path), [algorithm]: sum });
    }
  }
  const payload: PayloadEntry[] = [];
  let octets = 0;
  for (const [path, sums] of expected) {
    const found = await digestsOfFile(join(dir, ...path.split('/')));
    if (!found) continue;
    octets += found.size;
    for (const [algorithm, sum] of Object.entries(sums)) {
      const actual = (ALGORITHMS as readonly string[]).includes(algorithm) ? found.digests[algorithm as Algorithm] : await hashFile(join(dir, path), algorithm);
      if (actual !== sum) problems.push({ file: path, problem: `${algorithm} checksum ${actual} does not match the manifest's ${sum}` });
    }
    payload.push({ path, size: found.size, digests: found.digests });
  }
  const oxum = info.get('Payload-Oxum');
  if (!oxum) problems.push({ file: 'bag-info.txt', problem: 'has no Payload-Oxum' });
  else if (oxum !== `${octets}.${expected.size}` && !problems.length) {
    problems.push({ file: 'bag-info.txt', problem: `Payload-Oxum ${oxum} does not match the payload (${octets} octets in ${expected.size} files)` });
  }
  for (const name of topLevel.filter((n) => /^tagmanifest-[a-z0-9]+\.txt$/.test(n))) {
    const algorithm = name.slice('tagmanifest-'.length, -'.txt'.length);
    for (const [path, sum] of parseManifest((await read(name)) ?? '', name, problems)) {
      const actual = await hashFile(join(dir, path), algorithm);
      if (actual === null) problems.push({ file: path, problem: `listed in ${name} but missing` });
      else if (actual !== sum) problems.push({ file: path, problem: `${algorithm} checksum does not match ${name}` });
    }
  }
  payload.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { bag: problems.length ? null : { dir, info, payload }, problems };
}

async function hashFile(path: string, algorithm: string): Promise<string | null> {
  if (!(await stat(path).then((s) => s.isFile(), () => false))) return null;
  let h: Hash;
  try {
    h = createHash(algorithm);
  } catch {
    return `unsupported algorithm ${algorithm}`;
  }
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) h.update(chunk);
  return h.digest('hex');
}
