/**
 * One recording through the archive's upload flow, as the browser does it: the API plans and signs,
 * the parts go straight to storage (a few at a time), each is reported with the ETag storage
 * answered, then the API completes and queues verification. Resumable: the state file remembers the
 * upload, and the API says which parts it already has, so only the rest are sent. Without a state file
 * (the demo loader, which always starts from an empty archive) every call starts a new upload.
 */
import { open } from 'node:fs/promises';
import { ApiError, type ArchiveApi, TransientError, withRetries, type RetryOptions } from './api-client.js';
import type { ImportState } from './state-file.js';

export interface UploadRequest {
  api: ArchiveApi;
  state?: ImportState;
  /** The file's name in the folder (the state's key, and the name the archive keeps) and its path. */
  file: string;
  path: string;
  interviewId: string;
  size: number;
  sha256: string;
  contentType: string;
  parallel: number;
  retry?: Omit<RetryOptions, 'signal'>;
  signal?: AbortSignal;
  onProgress?: (sentBytes: number) => void;
}

export type UploadOutcome = { status: 'uploaded'; assetId: string; partsSent: number; resumed: boolean } | { status: 'stored'; reason: string };

interface OpenUpload {
  id: string;
  partSize: number;
  partCount: number;
  done: Set<number>;
}

export async function uploadRecording(req: UploadRequest): Promise<UploadOutcome> {
  const resumed = await resumeUpload(req);
  let upload = resumed;
  if (!upload) {
    try {
      upload = await startUpload(req);
    } catch (err) {
      // The archive refuses a second copy of the same bytes for an interview: already there, nothing to do.
      if (err instanceof ApiError && err.code === 'BAD_USER_INPUT' && err.field === 'sha256') {
        await req.state?.update(req.file, { status: 'stored', assetId: null, doneParts: [] });
        return { status: 'stored', reason: err.message };
      }
      throw err;
    }
  }
  const sent = await sendParts(req, upload);
  await req.api.gql(`mutation($id: ID!) { completeMediaUpload(assetId: $id) { id status } }`, { id: upload.id }, req.signal);
  await req.state?.update(req.file, { status: 'uploaded' });
  return { status: 'uploaded', assetId: upload.id, partsSent: sent, resumed: resumed !== null };
}

/** The upload the state file remembers, if the archive still has it open; the parts come from the API. */
async function resumeUpload(req: UploadRequest): Promise<OpenUpload | null> {
  const entry = req.state?.get(req.file);
  if (!entry?.assetId || entry.status !== 'uploading') return null;
  try {
    const data = await req.api.gql<{ mediaUpload: { asset: { id: string; partSize: number; partCount: number }; parts: { partNumber: number }[] } }>(
      `query($id: ID!) { mediaUpload(assetId: $id) { asset { id partSize partCount } parts { partNumber } } }`,
      { id: entry.assetId },
      req.signal,
    );
    const { asset, parts } = data.mediaUpload;
    return { id: asset.id, partSize: asset.partSize, partCount: asset.partCount, done: new Set(parts.map((p) => p.partNumber)) };
  } catch (err) {
    // Completed meanwhile (CONFLICT: it is verifying), cancelled or swept: start again; the checksum check decides.
    if (err instanceof ApiError && (err.code === 'CONFLICT' || err.code === 'NOT_FOUND')) {
      await req.state?.update(req.file, { assetId: null, doneParts: [], status: 'new' });
      return null;
    }
    throw err;
  }
}

async function startUpload(req: UploadRequest): Promise<OpenUpload> {
  const data = await req.api.gql<{ startMediaUpload: { id: string; partSize: number; partCount: number } }>(
    `mutation($input: StartUploadInput!) { startMediaUpload(input: $input) { id partSize partCount } }`,
    { input: { interviewId: req.interviewId, fileName: req.file, size: req.size, contentType: req.contentType, sha256: req.sha256 } },
    req.signal,
  );
  const { id, partSize, partCount } = data.startMediaUpload;
  await req.state?.update(req.file, { assetId: id, partSize, partCount, doneParts: [], status: 'uploading' });
  return { id, partSize, partCount, done: new Set() };
}

/** Sends the missing parts, `parallel` at a time; the first failure stops the others taking new parts. */
async function sendParts(req: UploadRequest, upload: OpenUpload): Promise<number> {
  const partBytes = (n: number) => Math.min(upload.partSize, req.size - (n - 1) * upload.partSize);
  const todo: number[] = [];
  let sentBytes = 0;
  for (let n = 1; n <= upload.partCount; n += 1) {
    if (upload.done.has(n)) sentBytes += partBytes(n);
    else todo.push(n);
  }
  req.onProgress?.(sentBytes);
  const file = await open(req.path, 'r');
  let failure: unknown;
  let next = 0;
  try {
    const worker = async () => {
      while (failure === undefined && next < todo.length) {
        const partNumber = todo[next++]!;
        try {
          await sendPart(req, file, upload, partNumber, partBytes(partNumber));
          sentBytes += partBytes(partNumber);
          req.onProgress?.(sentBytes);
        } catch (err) {
          failure ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(req.parallel, todo.length) }, worker));
  } finally {
    await file.close();
  }
  if (failure !== undefined) throw failure;
  return todo.length;
}

async function sendPart(req: UploadRequest, file: import('node:fs/promises').FileHandle, upload: OpenUpload, partNumber: number, length: number) {
  req.signal?.throwIfAborted();
  const bytes = Buffer.alloc(length);
  await file.read(bytes, 0, length, (partNumber - 1) * upload.partSize);
  const etag = await withRetries(
    `part ${partNumber} of ${req.file}`,
    async () => {
      // A fresh URL per try: a retry may come after the previous one has expired.
      const urls = await req.api.gql<{ mediaUploadParts: { url: string }[] }>(
        `mutation($input: PartUrlsInput!) { mediaUploadParts(input: $input) { url } }`,
        { input: { assetId: upload.id, partNumbers: [partNumber] } },
        req.signal,
      );
      const res = await fetch(urls.mediaUploadParts[0]!.url, { method: 'PUT', body: bytes, signal: req.signal });
      if (res.status >= 500 || res.status === 429) throw new TransientError(`storage answered HTTP ${res.status}`);
      const tag = res.headers.get('etag');
      if (!res.ok || !tag) throw new Error(`storage refused part ${partNumber}: HTTP ${res.status}`);
      return tag;
    },
    { ...req.retry, signal: req.signal },
  );
  await req.api.gql(`mutation($input: RecordPartInput!) { recordUploadedPart(input: $input) }`, { input: { assetId: upload.id, partNumber, etag, size: length } }, req.signal);
  await req.state?.markPart(req.file, partNumber);
}
