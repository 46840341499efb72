import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MediaRecords } from '../../ingest/src/jobs/media-records.js';
import { Role } from '../../server/src/access/levels.js';
import type { MediaAssetDoc } from '../../server/src/interviews/media-asset.model.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
let researcher: Awaited<ReturnType<TestArchive['userWithRoles']>>;

beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
});
afterAll(() => archive?.close());

const FIELDS = 'id version provenance { sha256 device notes }';
const CREATE = `mutation($input: CreateInterviewInput!) { createInterview(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateInterviewInput!) { updateInterview(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { interview(id: $id) { ${FIELDS} } }`;

describe('the worker and the editor write provenance apart', () => {
  it('a checksum recorded between the editor reading and saving survives the save', async () => {
    const created = await archive.gql(CREATE, { input: { title: { en: 'Provenance race' }, languages: ['kk'], device: 'Zoom H5' } }, researcher.token);
    expect(created.errors).toBeUndefined();
    const { id, version } = created.data!.createInterview as { id: string; version: number };

    // The race in a fixed order: the editor's save has read the interview (no checksum yet); the
    // worker verifies the master and records its checksum; then the editor's write lands.
    const model = archive.db.models.Interview;
    const original = model.findOneAndUpdate.bind(model);
    const records = new MediaRecords(archive.db.models);
    const spy = vi.spyOn(model, 'findOneAndUpdate').mockImplementationOnce(((...args: Parameters<typeof original>) => {
      const query = original(...args);
      const exec = query.exec.bind(query);
      query.exec = (async () => {
        const asset = { _id: new Types.ObjectId(), interviewId: new Types.ObjectId(id), createdBy: new Types.ObjectId(researcher.id) };
        await records.markVerified(asset as unknown as MediaAssetDoc, 'a'.repeat(64), new Date());
        return exec();
      }) as typeof query.exec;
      return query;
    }) as typeof model.findOneAndUpdate);

    const updated = await archive.gql(UPDATE, { input: { id, version, provenanceNotes: 'Recorded in the kitchen' } }, researcher.token);
    spy.mockRestore();
    expect(updated.errors).toBeUndefined();
    const after = (await archive.gql(GET, { id }, researcher.token)).data!.interview;
    expect(after.provenance).toEqual({ sha256: 'a'.repeat(64), device: 'Zoom H5', notes: 'Recorded in the kitchen' });
  });
});
