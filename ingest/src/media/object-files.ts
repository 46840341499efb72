/**
 * Moving objects between storage and a job's temp directory without ever holding a whole recording
 * in memory: downloads are hashed while they stream to disk, uploads of large files go in parts.
 * Temp directories are removed in `finally`, whatever happened.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Storage } from '../../../server/src/storage/storage.js';

/** Temp dirs are named after the worker that made them, so a later worker can tell which are orphans. */
const owner = `${hostname().replace(/[^\w.-]/g, '_')}-${process.pid}`;
const TEMP_NAME = /^archive-[a-z]+-(.+)-(\d+)-[\w]{6}$/;
let swept: Promise<void> | undefined;

/**
 * A worker that was SIGKILLed never ran its `finally`: its temp dir (a master, half a transcode)
 * stays. The first job of each worker removes the dirs of dead workers of this host; a live pid,
 * even a reused one, keeps its dir, so the mistake possible is keeping garbage, never deleting work.
 */
function sweepOrphans(): Promise<void> {
  swept ??= (async () => {
    const host = owner.slice(0, owner.lastIndexOf('-'));
    for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
      const match = TEMP_NAME.exec(name);
      if (!match || match[1] !== host || isAlive(Number(match[2]))) continue;
      await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
    }
  })();
  return swept;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  await sweepOrphans();
  const dir = await mkdtemp(join(tmpdir(), `archive-${prefix}-${owner}-`));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Downloaded {
  size: number;
  sha256: string;
  /** The first `headBytes` bytes, for content sniffing. */
  head: Uint8Array;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  headBytes?: number;
  onBytes?: (received: number) => void;
}

/** Streams an object to `path`, computing its SHA-256 and size on the way (one pass, constant memory). */
export async function downloadObject(storage: Storage, key: string, path: string, options: DownloadOptions = {}): Promise<Downloaded> {
  const hash = createHash('sha256');
  const headLimit = options.headBytes ?? 0;
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      if (headLength < headLimit) {
        const take = chunk.subarray(0, headLimit - headLength);
        headChunks.push(take);
        headLength += take.length;
      }
      options.onBytes?.(size);
      done(null, chunk);
    },
  });
  const body = await storage.stream(key);
  await pipeline(body, tap, createWriteStream(path), { signal: options.signal });
  return { size, sha256: hash.digest('hex'), head: new Uint8Array(Buffer.concat(headChunks)) };
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  try {
    for await (const chunk of file.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

const MiB = 1024 * 1024;
/** Up to this size one PUT (read into memory once); above it, a multipart upload in parts of DEFAULT_PART_SIZE. */
const SINGLE_PUT_LIMIT = 32 * MiB;
const DEFAULT_PART_SIZE = 16 * MiB;

/**
 * Uploads a local file to `key`, replacing what is there. Storage has no streaming put, so large
 * files (an hour of 720p video) go through its multipart API: one part in memory at a time, each
 * sent to a presigned part URL, which is the path browsers and the import CLI use as well.
 */
export async function uploadFile(
  storage: Storage,
  key: string,
  path: string,
  contentType: string,
  signal?: AbortSignal,
  sizes: { singlePutLimit?: number; partSize?: number } = {},
): Promise<number> {
  const { size } = await stat(path);
  const partSize = sizes.partSize ?? DEFAULT_PART_SIZE;
  if (size <= (sizes.singlePutLimit ?? SINGLE_PUT_LIMIT)) {
    signal?.throwIfAborted();
    await storage.put(key, await readFile(path), contentType);
    return size;
  }
  const uploadId = await storage.createMultipart(key, contentType);
  const file = await open(path, 'r');
  try {
    const parts: { partNumber: number; etag: string }[] = [];
    for (let offset = 0, partNumber = 1; offset < size; offset += partSize, partNumber += 1) {
      signal?.throwIfAborted();
      const length = Math.min(partSize, size - offset);
      const bytes = Buffer.alloc(length);
      await file.read(bytes, 0, length, offset);
      const url = await storage.presignPart(key, uploadId, partNumber);
      const res = await fetch(url, { method: 'PUT', body: bytes, signal });
      const etag = res.headers.get('etag');
      if (!res.ok || !etag) throw new Error(`storage refused part ${partNumber} of ${key}: HTTP ${res.status}`);
      parts.push({ partNumber, etag });
    }
    await storage.completeMultipart(key, uploadId, parts);
    return size;
  } catch (err) {
    await storage.abortMultipart(key, uploadId).catch(() => undefined);
    throw err;
  } finally {
    await file.close();
  }
}
