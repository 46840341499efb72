/**
 * A new recording uploaded to a published interview by its researcher-owner is heard only by staff
 * (the uploader, editors) until an editor approves it; the public, embeds included, keep hearing the
 * approved one. Which recording plays is the rule's (newest approved master), not the database's order.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { createInterview, durationOf, jobEnded, makeFixture, uploadThroughApi, withMediaRunner } from './media-support.js';

let archive: TestArchive;
let dir: string;
let editor: { token: string };
let owner: { token: string };
let interviewId: string;
let first: string;
let second: string;

async function copyDuration(token?: string, query = ''): Promise<number> {
  const res = await fetch(`${archive.url}/api/interviews/${interviewId}/media${query}`, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(302);
  const file = join(dir, `copy-${Math.random().toString(36).slice(2)}.m4a`);
  await writeFile(file, new Uint8Array(await (await fetch(res.headers.get('location')!)).arrayBuffer()));
  return Math.round(await durationOf(file));
}

const tone = (name: string, seconds: number) => makeFixture(dir, name, ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}:sample_rate=48000`, '-ac', '1']);

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  owner = await archive.userWithRoles([Role.researcher]);
  dir = await mkdtemp(join(tmpdir(), 'recording-review-'));
  interviewId = await createInterview(archive, owner.token, 'Reviewed recordings', ['kk']);
  // The approved recording (4 s), then the interview is published.
  first = await uploadThroughApi(archive, owner.token, { interviewId, fileName: 'first.wav', contentType: 'audio/wav', bytes: await tone('first.wav', 4) });
  await archive.db.models.Interview.updateOne({ _id: interviewId }, { $set: { status: 'published', accessLevel: 'public', release: { permits: 'public', withdrawn: false } } });
  // The owner adds a second recording (6 s) to the published interview.
  second = await uploadThroughApi(archive, owner.token, { interviewId, fileName: 'second.wav', contentType: 'audio/wav', bytes: await tone('second.wav', 6) });
  await withMediaRunner(archive, {}, async () => {
    for (const id of [first, second]) expect((await jobEnded(archive, 'make-access-copies', id, 120_000)).state).toBe('succeeded');
  });
}, 240_000);
afterAll(async () => {
  await archive?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a recording added to a published interview', () => {
  it('is marked as awaiting review (the first one, added before publication, is not)', async () => {
    const res = await archive.gql(`query($id: ID!) { interview(id: $id) { media { id kind awaitingReview } } }`, { id: interviewId }, owner.token);
    const masters = (res.data!.interview.media as { id: string; kind: string; awaitingReview: boolean }[]).filter((m) => m.kind === 'master');
    expect(Object.fromEntries(masters.map((m) => [m.id, m.awaitingReview]))).toEqual({ [first]: false, [second]: true });
  });

  it('plays to the uploader and editors only; the public and embeds keep the approved recording', async () => {
    expect(await copyDuration()).toBe(4);
    expect(await copyDuration(editor.token, '?as=public')).toBe(4);
    expect(await copyDuration(owner.token)).toBe(6);
    expect(await copyDuration(editor.token)).toBe(6);
  });

  it('only an editor approves it; from then on everyone hears it', async () => {
    const APPROVE = `mutation($id: ID!) { approveRecording(id: $id) { id awaitingReview } }`;
    const refused = await archive.gql(APPROVE, { id: second }, owner.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await copyDuration()).toBe(4);
    const approved = await archive.gql(APPROVE, { id: second }, editor.token);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveRecording).toEqual({ id: second, awaitingReview: false });
    expect(await copyDuration()).toBe(6);
    expect(await copyDuration(editor.token, '?as=public')).toBe(6);
  });
});
