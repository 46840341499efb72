/**
 * The archive's multipart upload, in the browser (the same flow as ingest/src/cli/uploader.ts):
 * the API plans and signs, the bytes go straight to storage, each part is reported with the ETag
 * storage answered, then the API completes and queues verification. Only parts storage lacks are
 * sent, so choosing the same file again after a reload resumes instead of starting over.
 */
import type { ResultOf } from 'gql.tada';
import { graphql } from '$lib/graphql.js';
import { gql } from './api.js';

const UploadState = graphql(`
  query StudioUploadState($id: ID!) { mediaUpload(assetId: $id) { asset { id partSize partCount status } parts { partNumber } } }
`);
const StartUpload = graphql(`
  mutation StudioStartUpload($input: StartUploadInput!) { startMediaUpload(input: $input) { id partSize partCount } }
`);
const PartUrl = graphql(`mutation StudioPartUrl($input: PartUrlsInput!) { mediaUploadParts(input: $input) { url } }`);
const RecordPart = graphql(`mutation StudioRecordPart($input: RecordPartInput!) { recordUploadedPart(input: $input) }`);
const CompleteUpload = graphql(`mutation StudioCompleteUpload($id: ID!) { completeMediaUpload(assetId: $id) { id status } }`);

type Plan = ResultOf<typeof StartUpload>['startMediaUpload'];

/** What survives a reload: enough to recognise the same file when it is chosen again. */
export interface PendingUpload {
  assetId: string;
  name: string;
  size: number;
  lastModified: number;
}

const storageKey = (interviewId: string) => `archive-studio-uploads:${interviewId}`;

export function pendingUploads(interviewId: string): PendingUpload[] {
  try {
    return JSON.parse(localStorage.getItem(storageKey(interviewId)) ?? '[]') as PendingUpload[];
  } catch {
    return [];
  }
}

function savePending(interviewId: string, list: PendingUpload[]) {
  if (list.length) localStorage.setItem(storageKey(interviewId), JSON.stringify(list));
  else localStorage.removeItem(storageKey(interviewId));
}

const sameFile = (p: PendingUpload, file: File) => p.name === file.name && p.size === file.size && p.lastModified === file.lastModified;

/** Browsers leave `type` empty for some recordings (e.g. .mkv); the API decides by it, so guess from the name. */
const BY_EXTENSION: Record<string, string> = {
  wav: 'audio/wav',
  flac: 'audio/flac',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
};
export const contentTypeOf = (file: File) => file.type || BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''] || 'application/octet-stream';

export interface UploadCallbacks {
  onStart?: (resumed: boolean) => void;
  onProgress: (sent: number, total: number) => void;
}

export async function uploadMedia(interviewId: string, file: File, cb: UploadCallbacks, parallel = 3): Promise<string> {
  const pending = pendingUploads(interviewId).find((p) => sameFile(p, file));
  let plan: Plan | null = null;
  let done = new Set<number>();
  if (pending) {
    // The upload may have been completed or aborted meanwhile; then start a new one.
    const state = await gql(UploadState, { id: pending.assetId }).catch(() => null);
    if (state && state.mediaUpload.asset.status === 'uploading') {
      plan = state.mediaUpload.asset;
      done = new Set(state.mediaUpload.parts.map((p) => p.partNumber));
    } else {
      savePending(interviewId, pendingUploads(interviewId).filter((p) => p.assetId !== pending.assetId));
    }
  }
  cb.onStart?.(plan !== null);
  if (!plan) {
    const started = await gql(StartUpload, {
      input: { interviewId, fileName: file.name, size: file.size, contentType: contentTypeOf(file) },
    });
    plan = started.startMediaUpload;
    savePending(interviewId, [
      ...pendingUploads(interviewId),
      { assetId: plan.id, name: file.name, size: file.size, lastModified: file.lastModified },
    ]);
  }
  const { id, partSize, partCount } = plan;
  // The schema's MediaAsset has a part plan only while it is an upload in progress, as this one is.
  if (!partSize || !partCount) throw new Error(`upload ${id} has no part plan`);
  const lengthOf = (n: number) => Math.min(partSize, file.size - (n - 1) * partSize);

  let sent = [...done].reduce((sum, n) => sum + lengthOf(n), 0);
  cb.onProgress(sent, file.size);
  const queue = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !done.has(n));

  const sendPart = async (partNumber: number) => {
    const offset = (partNumber - 1) * partSize;
    const length = lengthOf(partNumber);
    const { mediaUploadParts } = await gql(PartUrl, { input: { assetId: id, partNumbers: [partNumber] } });
    // A Blob slice is read lazily: memory stays at one part per request in flight, not the whole file.
    const put = await fetch(mediaUploadParts[0]!.url, { method: 'PUT', body: file.slice(offset, offset + length) });
    if (!put.ok) throw new Error(`part ${partNumber}: storage answered HTTP ${put.status}`);
    await gql(RecordPart, { input: { assetId: id, partNumber, etag: put.headers.get('etag') ?? '', size: length } });
    sent += length;
    cb.onProgress(sent, file.size);
  };
  await Promise.all(
    Array.from({ length: Math.min(parallel, queue.length) }, async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) await sendPart(n);
    }),
  );
  await gql(CompleteUpload, { id });
  savePending(interviewId, pendingUploads(interviewId).filter((p) => p.assetId !== id));
  return id;
}
