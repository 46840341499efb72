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

describe('an edit claim left by a crashed save', () => {
  async function draftAndClaim(ageMs: number) {
    const created = await archive.gql(CREATE, { input: { title: { en: 'Claim crash' }, languages: ['kk'] } }, researcher.token);
    const { id, version } = created.data!.createInterview as { id: string; version: number };
    // What a save that died between its claim and its write leaves behind: the claim, no write.
    const collection = archive.db.models.Interview.collection.collectionName;
    await archive.db.conn.collection<{ _id: string; at: Date }>('edit_claims')
      .insertOne({ _id: `${collection}:${id}:${version}`, at: new Date(Date.now() - ageMs) });
    return { id, version };
  }

  it('is taken over once its lease has passed: the next save of that version succeeds, once', async () => {
    const { id, version } = await draftAndClaim(5 * 60_000);
    const saves = await Promise.all(
      ['First', 'Second'].map((notes) => archive.gql(UPDATE, { input: { id, version, provenanceNotes: notes } }, researcher.token)),
    );
    const won = saves.filter((s) => !s.errors);
    expect(won).toHaveLength(1);
    expect(saves.filter((s) => s.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(1);
    expect(won[0]?.data?.updateInterview.version).toBe(version + 1);
    const again = await archive.gql(UPDATE, { input: { id, version: version + 1, provenanceNotes: 'Third' } }, researcher.token);
    expect(again.errors).toBeUndefined();
  });

  it('still answers CONFLICT while the claim is young: that save may still be writing', async () => {
    const { id, version } = await draftAndClaim(0);
    const res = await archive.gql(UPDATE, { input: { id, version, provenanceNotes: 'Too early' } }, researcher.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const after = (await archive.gql(GET, { id }, researcher.token)).data!.interview;
    expect(after).toMatchObject({ version, provenance: { notes: null } });
  });
});
