import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Gql } from './gql.js';

export interface UploadFileOptions {
  gql: Gql;
  token: string;
  interviewId: string;
  path: string;
  fileName: string;
  contentType: string;
  /** Parts in flight at once. */
  parallel?: number;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Uploads one file with the archive's multipart flow: the API plans and signs, the bytes go straight
 * to storage, each part is reported with the ETag storage answered, then the API completes and
 * queues verification. Only the parts storage lacks are sent, so a rerun after a crash resumes.
 */
export async function uploadFile(options: UploadFileOptions, resumeAssetId?: string): Promise<string> {
  const { gql, token } = options;
  const { size } = await stat(options.path);
  let asset: { id: string; partSize: number; partCount: number };
  let done = new Set<number>();
  if (resumeAssetId) {
    const { mediaUpload } = await gql<{ mediaUpload: { asset: { id: string; partSize: number; partCount: number }; parts: { partNumber: number }[] } }>(
      `query($id: ID!) { mediaUpload(assetId: $id) { asset { id partSize partCount } parts { partNumber } } }`,
      { id: resumeAssetId },
      token,
    );
    asset = mediaUpload.asset;
    done = new Set(mediaUpload.parts.map((p) => p.partNumber));
  } else {
    const sha256 = await sha256File(options.path);
    const { startMediaUpload } = await gql<{ startMediaUpload: { id: string; partSize: number; partCount: number } }>(
      `mutation($input: StartUploadInput!) { startMediaUpload(input: $input) { id partSize partCount } }`,
      { input: { interviewId: options.interviewId, fileName: options.fileName, size, contentType: options.contentType, sha256 } },
      token,
    );
    asset = startMediaUpload;
  }

  const todo = Array.from({ length: asset.partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
  let sent = [...done].reduce((sum, n) => sum + Math.min(asset.partSize, size - (n - 1) * asset.partSize), 0);
  const file = await open(options.path, 'r');
  try {
    const sendPart = async (partNumber: number) => {
      const offset = (partNumber - 1) * asset.partSize;
      const length = Math.min(asset.partSize, size - offset);
      const bytes = Buffer.alloc(length);
      await file.read(bytes, 0, length, offset);
      const { mediaUploadParts } = await gql<{ mediaUploadParts: { url: string }[] }>(
        `mutation($input: PartUrlsInput!) { mediaUploadParts(input: $input) { url } }`,
        { input: { assetId: asset.id, partNumbers: [partNumber] } },
        token,
      );
      const put = await fetch(mediaUploadParts[0]!.url, { method: 'PUT', body: bytes });
      if (!put.ok) throw new Error(`part ${partNumber} of ${options.fileName}: storage answered HTTP ${put.status}`);
      await gql(
        `mutation($input: RecordPartInput!) { recordUploadedPart(input: $input) }`,
        { input: { assetId: asset.id, partNumber, etag: put.headers.get('etag') ?? '', size: length } },
        token,
      );
      sent += length;
      options.onProgress?.(sent, size);
    };
    const queue = [...todo];
    const workers = Array.from({ length: Math.min(options.parallel ?? 3, queue.length) }, async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) await sendPart(n);
    });
    await Promise.all(workers);
  } finally {
    await file.close();
  }
  await gql(`mutation($id: ID!) { completeMediaUpload(assetId: $id) { id } }`, { id: asset.id }, token);
  return asset.id;
}
