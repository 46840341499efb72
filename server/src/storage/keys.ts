/** Object keys, named in one place. Release documents live under a prefix never made public. */

const safeName = (fileName: string) =>
  fileName
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-120) || 'file';

export const keys = {
  releaseDocument: (interviewId: string, uploadId: string, fileName: string) =>
    `private/releases/${interviewId}/${uploadId}-${safeName(fileName)}`,
  master: (interviewId: string, assetId: string, fileName: string) =>
    `masters/${interviewId}/${assetId}-${safeName(fileName)}`,
  access: (interviewId: string, assetId: string, extension: string) => `access/${interviewId}/${assetId}.${extension}`,
  portrait: (narratorId: string, uploadId: string, fileName: string) =>
    `portraits/${narratorId}/${uploadId}-${safeName(fileName)}`,
  isReleaseDocumentOf: (interviewId: string, key: string) => key.startsWith(`private/releases/${interviewId}/`),
};
