import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import { startTestArchive, type GraphQLResponse, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

/**
 * An id of an upload, a job or a picture that exists but is hidden from the caller must answer
 * exactly as an id that never existed: same code, same message. Otherwise ids can be probed.
 */
let archive: TestArchive;
let researcher: { id: string; token: string };
let teacher: { id: string; token: string };
let otherResearcher: { id: string; token: string };

beforeAll(async () => {
  archive = await startTestArchive();
  researcher = await archive.userWithRoles([Role.researcher]);
  teacher = await archive.userWithRoles([Role.teacher]);
  otherResearcher = await archive.userWithRoles([Role.researcher]);
});
afterAll(() => archive?.close());

const missing = () => new Types.ObjectId().toHexString();
const answer = (res: GraphQLResponse) => ({ code: res.errors?.[0]?.extensions?.code, message: res.errors?.[0]?.message });

/** The same answer for the hidden id, for a made-up id, as every one of these callers. */
async function expectSameNotFound(query: string, vars: (id: string) => Record<string, unknown>, hiddenId: string, tokens: (string | undefined)[]) {
  for (const token of tokens) {
    const hidden = answer(await archive.gql(query, vars(hiddenId), token));
    const never = answer(await archive.gql(query, vars(missing()), token));
    expect(never.code).toBe('NOT_FOUND');
    expect(hidden).toEqual(never);
  }
}

describe('one NOT_FOUND for "does not exist" and "hidden from you"', () => {
  it('uploads: part URLs, state, completion and abort of an upload of someone else’s interview', async () => {
    for (const accessLevel of ['private', 'public'] as const) {
      const interviewId = await storedInterview(archive, {
        createdBy: researcher.id, accessLevel, status: accessLevel === 'public' ? 'published' : 'draft',
      });
      const started = await archive.gql(
        `mutation($input: StartUploadInput!) { startMediaUpload(input: $input) { id } }`,
        { input: { interviewId, fileName: 'a.wav', size: 1000, contentType: 'audio/wav' } },
        researcher.token,
      );
      expect(started.errors).toBeUndefined();
      const assetId = started.data!.startMediaUpload.id;
      const callers = [undefined, teacher.token, otherResearcher.token];
      await expectSameNotFound(`mutation($id: ID!) { completeMediaUpload(assetId: $id) { id } }`, (id) => ({ id }), assetId, callers);
      await expectSameNotFound(`mutation($id: ID!) { abortMediaUpload(assetId: $id) }`, (id) => ({ id }), assetId, callers);
      await expectSameNotFound(`query($id: ID!) { mediaUpload(assetId: $id) { asset { status } } }`, (id) => ({ id }), assetId, callers);
      await expectSameNotFound(
        `mutation($input: PartUrlsInput!) { mediaUploadParts(input: $input) { url } }`,
        (id) => ({ input: { assetId: id, partNumbers: [1] } }), assetId, callers,
      );
      // Still open for its uploader: nothing above touched it.
      expect((await archive.db.models.MediaAsset.findById(assetId).lean())!.status).toBe('uploading');
    }
  });

  it('jobs: retrying a failed step of an interview the caller may not edit, or a housekeeping job', async () => {
    const queue = new JobQueue(archive.db.models.Job);
    const failed = async (interviewId: string | null) => {
      const { job } = interviewId
        ? await queue.enqueue('verify-upload', { mediaAssetId: 'm' }, { interviewId, maxAttempts: 1 })
        : await queue.enqueue('sweep-sessions', {}, { maxAttempts: 1 });
      const leased = (await queue.lease('w', [job.type as 'verify-upload' | 'sweep-sessions'], 10_000))!;
      await queue.fail(leased.lease, new Error('no'));
      return job._id.toHexString();
    };
    const RETRY = `mutation($id: ID!) { retryJob(id: $id) { id state } }`;
    const privateOne = await storedInterview(archive, { createdBy: researcher.id, accessLevel: 'private', status: 'draft' });
    const publicOne = await storedInterview(archive, { createdBy: researcher.id });
    for (const jobId of [await failed(privateOne), await failed(publicOne)]) {
      await expectSameNotFound(RETRY, (id) => ({ id }), jobId, [undefined, teacher.token, otherResearcher.token]);
      expect((await archive.db.models.Job.findById(jobId).lean())!.state).toBe('failed');
    }
    await expectSameNotFound(RETRY, (id) => ({ id }), await failed(null), [undefined, researcher.token]);
  });

  it('pictures: confirming a picture of someone else’s collection', async () => {
    const created = await archive.gql(
      `mutation($input: CreateCollectionInput!) { createCollection(input: $input) { id } }`,
      { input: { slug: 'hidden-pictures', title: { en: 'Pictures' }, blocks: [{ type: 'text', text: { en: 'Intro' } }] } },
      teacher.token,
    );
    expect(created.errors).toBeUndefined();
    const asked = await archive.gql(
      `mutation($input: CollectionImageUploadInput!) { requestCollectionImageUpload(input: $input) { image { id } } }`,
      { input: { collectionId: created.data!.createCollection.id, contentType: 'image/png', size: 100 } },
      teacher.token,
    );
    expect(asked.errors).toBeUndefined();
    const imageId = asked.data!.requestCollectionImageUpload.image.id;
    await expectSameNotFound(`mutation($id: ID!) { confirmCollectionImage(id: $id) { id } }`, (id) => ({ id }), imageId, [undefined, researcher.token]);
    expect(await archive.db.models.CollectionImage.countDocuments({ _id: imageId })).toBe(1);
  });
});
