/** Object keys, named in one place. Release documents live under a prefix never made public. */

const safeName = (fileName: string) =>
  fileName
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-120) || 'file';

/** Where presigned single PUTs write; see keys.incoming. */
const INCOMING = 'incoming/';

export const keys = {
  /**
   * The key a presigned PUT writes for an object that will live at `key`. A presigned URL stays
   * usable until it expires, so the bytes checked must not be the ones it can still overwrite: the
   * API copies the upload to `key`, which no URL ever writes, and checks and uses that copy.
   */
  incoming: (key: string) => `${INCOMING}${key}`,
  /** Under which every upload waits to be copied (and swept when nobody ever confirms it). */
  incomingPrefix: INCOMING,
  /** The key an upload is copied to; null for a key that is not an upload's. */
  fromIncoming: (key: string): string | null => (key.startsWith(INCOMING) ? key.slice(INCOMING.length) : null),
  releaseDocument: (interviewId: string, uploadId: string, fileName: string) =>
    `private/releases/${interviewId}/${uploadId}-${safeName(fileName)}`,
  master: (interviewId: string, assetId: string, fileName: string) =>
    `masters/${interviewId}/${assetId}-${safeName(fileName)}`,
  // Access copies are named after their master, not after their own record: regenerating them
  // writes the same keys again, so there is only ever one set per master.
  accessAudio: (interviewId: string, masterId: string) => `access/${interviewId}/${masterId}.audio.m4a`,
  accessVideo: (interviewId: string, masterId: string) => `access/${interviewId}/${masterId}.video.mp4`,
  waveform: (interviewId: string, masterId: string) => `access/${interviewId}/${masterId}.peaks.json`,
  /**
   * The 16 kHz mono WAV for transcription: temporary, regenerable, never public. Under `work/` so a
   * storage lifecycle rule can expire what a transcribe job did not delete after use.
   */
  transcriptionWav: (interviewId: string, masterId: string) => `work/transcription/${interviewId}/${masterId}.16k.wav`,
  portrait: (narratorId: string, uploadId: string, fileName: string) =>
    `portraits/${narratorId}/${uploadId}-${safeName(fileName)}`,
  isReleaseDocumentOf: (interviewId: string, key: string) => key.startsWith(`private/releases/${interviewId}/`),
  /** Everything a collection owns in storage lives under this prefix, so deleting it finds them all. */
  collectionPrefix: (collectionId: string) => `collections/${collectionId}/`,
  collectionImage: (collectionId: string, imageId: string, extension: string) =>
    `collections/${collectionId}/images/${imageId}.${extension}`,
  /** The collection and image ids in a key made by collectionImage; null for any other key. */
  parseCollectionImage: (key: string): { collectionId: string; imageId: string } | null => {
    const match = /^collections\/([0-9a-f]{24})\/images\/([0-9a-f]{24})\.(?:jpg|png|webp)$/.exec(key);
    return match ? { collectionId: match[1]!, imageId: match[2]! } : null;
  },
};
