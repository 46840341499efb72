import { SNIFF_BYTES, sniff } from '../../../shared/sniff.js';
import { BadInputError } from '../errors.js';
import { keys } from '../storage/keys.js';
import type { Storage } from '../storage/storage.js';
import { MAX_RELEASE_BYTES, RELEASE_TYPES } from './interview.input.js';

const tooBig = (size: number) =>
  new BadInputError('documentKey', `the document is ${size} bytes; the limit is ${MAX_RELEASE_BYTES} bytes (50 MB); scan it smaller and upload again`);
const notAScan = (found: { ext: string; mime: string } | null) =>
  new BadInputError(
    'documentKey',
    `the uploaded file is ${found ? `${found.ext.toUpperCase()} (${found.mime})` : 'not a file type the archive recognises'}, not a PDF, PNG, JPEG or TIFF; scan the signed form as one of those and upload it again`,
  );
const missing = () => new BadInputError('documentKey', 'no uploaded document was found there; upload it first');

/**
 * The uploaded release document copied to the key the release keeps, which no URL can write: the
 * upload URL stays usable until it expires, and a second PUT must not change the signed form once
 * attached. The size is read from storage (a presigned PUT bounds nothing), before and after the copy,
 * and the copy's first bytes must be a scan's (the declared type is only what the uploader said).
 * The upload itself is deleted by the caller once the release is saved.
 */
export async function attachReleaseDocument(storage: Storage, interviewId: string, uploadKey: string): Promise<string> {
  const key = keys.fromIncoming(uploadKey);
  if (!key || !keys.isReleaseDocumentOf(interviewId, key)) {
    throw new BadInputError('documentKey', 'use the key returned by requestReleaseUpload for this interview');
  }
  const uploaded = await storage.head(uploadKey);
  if (!uploaded) throw missing();
  if (uploaded.size > MAX_RELEASE_BYTES) {
    await storage.delete(uploadKey);
    throw tooBig(uploaded.size);
  }
  if (!(await storage.copy(uploadKey, key))) throw missing();
  const stored = await storage.head(key);
  if (!stored?.size || stored.size > MAX_RELEASE_BYTES) {
    await storage.delete(key);
    throw stored?.size ? tooBig(stored.size) : new BadInputError('documentKey', 'the uploaded document is empty; upload it again');
  }
  const found = await sniff(await storage.readStart(key, SNIFF_BYTES));
  if (!found || !(RELEASE_TYPES as readonly string[]).includes(found.mime)) {
    await storage.delete(key);
    await storage.delete(uploadKey);
    throw notAScan(found);
  }
  return key;
}
