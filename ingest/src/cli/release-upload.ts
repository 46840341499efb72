/**
 * The signed release named by a manifest row: its scan goes to the archive's private prefix through
 * the same presigned PUT the studio uses, and its terms are recorded with the interview, so the
 * interview can be published without a second trip to the studio. Asked of the archive first, so a
 * rerun does not send a release already recorded.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveApi } from './api-client.js';
import type { ReleaseCells } from './manifest.js';

export type ReleaseOutcome = 'recorded' | 'already recorded';

export async function recordRelease(api: ArchiveApi, interviewId: string, folder: string, release: ReleaseCells): Promise<ReleaseOutcome> {
  const { interview } = await api.gql<{ interview: { version: number; release: { documentName: string | null; permits: string } | null } }>(
    `query($id: ID!) { interview(id: $id) { version release { documentName permits } } }`,
    { id: interviewId },
  );
  if (interview.release?.documentName === release.file && interview.release.permits === release.permits) return 'already recorded';

  const bytes = await readFile(join(folder, release.file));
  const { requestReleaseUpload: target } = await api.gql<{ requestReleaseUpload: { key: string; url: string } }>(
    `mutation($input: RequestReleaseUploadInput!) { requestReleaseUpload(input: $input) { key url } }`,
    { input: { id: interviewId, fileName: release.file, contentType: release.contentType, size: bytes.length } },
  );
  const put = await fetch(target.url, { method: 'PUT', body: bytes, headers: { 'content-type': release.contentType } });
  if (!put.ok) throw new Error(`the release scan ${release.file} was refused by storage (HTTP ${put.status})`);
  await api.gql(
    `mutation($input: SetReleaseInput!) { setInterviewRelease(input: $input) { version } }`,
    {
      input: {
        id: interviewId,
        version: interview.version,
        permits: release.permits,
        documentKey: target.key,
        documentName: release.file,
        ...(release.signedOn ? { signedOn: `${release.signedOn}T00:00:00.000Z` } : {}),
        ...(release.embargoUntil ? { embargoUntil: `${release.embargoUntil}T00:00:00.000Z` } : {}),
      },
    },
  );
  return 'recorded';
}
