/**
 * A save cut off between its write and its audit record (the process died, the database blinked):
 * the claim it took names it until the audit record settles it, and the API's watch logs it, so a
 * withdrawal written that way still leaves search and the anonymous cache. Real FerretDB and storage.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { recoverUnsettledSaves, SETTLE_CHECK_MS, SETTLE_GRACE_MS } from '../../server/src/audit/unsettled-saves.js';
import { CLAIM_LEASE_MS } from '../../server/src/common/concurrency.js';
import type { AnyModel } from '../../server/src/db/models.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { narrator, storedInterview, term } from '../support/factories.js';
import { waitUntil } from '../support/worker-process.js';

let archive: TestArchive;
let editor: { token: string };
let admin: { token: string };

beforeAll(async () => {
  archive = await startTestArchive();
  [editor, admin] = await Promise.all([archive.userWithRoles([Role.editor]), archive.userWithRoles([Role.admin])]);
});
afterAll(() => archive?.close());

const claimsNamed = (targetId?: string) => archive.db.models.EditClaim.find({ model: { $exists: true }, settled: { $exists: false }, ...(targetId ? { targetId: new Types.ObjectId(targetId) } : {}) }).lean();
const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
  const res = await archive.gql(query, variables, token);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
};
const versionOf = async (kind: 'Interview' | 'Narrator' | 'VocabularyTerm' | 'User' | 'Transcript', id: string) =>
  ((await (archive.db.models[kind] as AnyModel).findById(id, { version: 1 }).lean()) as { version: number }).version;

describe('a save and its audit record', () => {
  it('every versioned save settles its claim once its audit record is in', async () => {
    const interview = await storedInterview(archive, { title: 'Settled' });
    await ok(`mutation($input: UpdateInterviewInput!) { updateInterview(input: $input) { version } }`, { input: { id: interview, version: await versionOf('Interview', interview), title: { en: 'Settled, renamed' } } }, editor.token);
    const transcript = await archive.db.models.Transcript.create({ interviewId: interview, language: 'kk', status: 'corrected', segments: [{ start: 0, end: 5, text: 'Бір' }] });
    const edited = await ok(
      `mutation($input: EditTranscriptInput!) { editTranscript(input: $input) { version } }`,
      { input: { id: String(transcript._id), version: transcript.version, changes: [{ segmentId: String(transcript.segments[0]!._id), text: 'Бір, екі' }] } },
      editor.token,
    );
    await ok(`mutation($id: ID!, $v: Int!) { approveTranscript(id: $id, version: $v) { version } }`, { id: String(transcript._id), v: edited.editTranscript.version }, editor.token);
    const person = await narrator(archive, 'Settled Narrator');
    await ok(`mutation($input: UpdateNarratorInput!) { updateNarrator(input: $input) { version } }`, { input: { id: person, version: await versionOf('Narrator', person), notes: 'Met at the tea house' } }, editor.token);
    const place = await term(archive, 'place', `settled-${Date.now()}`, 'Settled place');
    await ok(`mutation($input: UpdateVocabularyTermInput!) { updateVocabularyTerm(input: $input) { version } }`, { input: { id: place, version: await versionOf('VocabularyTerm', place), labels: { en: 'Settled place, renamed' } } }, editor.token);
    const reader = await archive.userWithRoles([Role.reader]);
    const roles = await ok(`mutation($input: SetUserRolesInput!) { setUserRoles(input: $input) { version } }`, { input: { id: reader.id, roles: ['teacher'], version: await versionOf('User', reader.id) } }, admin.token);
    await ok(`mutation($input: SetUserStatusInput!) { setUserStatus(input: $input) { version } }`, { input: { id: reader.id, status: 'disabled', version: roles.setUserRoles.version } }, admin.token);
    await ok(`mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { version } }`, { input: { id: interview, version: await versionOf('Interview', interview), reason: 'The narrator asked' } }, editor.token);

    expect(await claimsNamed()).toEqual([]);
    expect(await recoverUnsettledSaves(archive.db.models, archive.api.services.audit, new Date(Date.now() + CLAIM_LEASE_MS * 2))).toBe(0);
  });

  it('a withdrawal cut off before its audit record still leaves search and the anonymous cache, by itself, and the trail says so', { timeout: 60_000 }, async () => {
    const title = `Orchard of the Korean kolkhoz ${Date.now()}`;
    const interview = await storedInterview(archive, { title });
    await archive.logChange('Interview', interview);
    const search = `query($q: String!) { search(q: $q) { total hits { interviewId } } }`;
    const page = `query($id: ID!) { interview(id: $id) { id title { en } } }`;
    // Found and cached for the public.
    await waitUntil('the interview to be found', async () => (await archive.gql(search, { q: 'kolkhoz' })).data?.search.hits.some((h: { interviewId: string }) => h.interviewId === interview), 10_000);
    expect((await archive.gql(page, { id: interview })).data!.interview.title.en).toBe(title);
    expect((await archive.gql(page, { id: interview })).data!.interview.title.en).toBe(title);

    // The process "dies" right after the write: its audit record (and so its change-log entry) never comes.
    const audit = archive.api.services.audit;
    const record = audit.record.bind(audit);
    audit.record = async (...args) => {
      if (args[1] === 'interview.withdraw') throw new Error('cut off between the write and the audit record');
      return record(...args);
    };
    let cutOff: Date;
    try {
      cutOff = new Date();
      const res = await archive.gql(`mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { id } }`, { input: { id: interview, version: await versionOf('Interview', interview), reason: 'The family asked' } }, editor.token);
      expect(res.errors).toBeDefined();
    } finally {
      audit.record = record;
    }
    expect((await archive.db.models.Interview.findById(interview).lean())!.release!.withdrawn).toBe(true);
    expect(await archive.db.models.AuditEvent.countDocuments({ targetId: interview, action: 'interview.withdraw' })).toBe(0);
    const [claim] = await claimsNamed();
    expect(claim).toMatchObject({ model: 'Interview', targetId: new Types.ObjectId(interview) });

    // Nothing told search or the cache: the withdrawn interview is still served to the public...
    expect((await archive.gql(page, { id: interview })).data?.interview?.title.en).toBe(title);
    // ...until the API's watch finds the unsettled save (grace, then its next look).
    const gone = await waitUntil(
      'the withdrawal to reach search and the cache',
      async () => {
        const [hits, view] = await Promise.all([archive.gql(search, { q: 'kolkhoz' }), archive.gql(page, { id: interview })]);
        const found = hits.data!.search.hits.some((h: { interviewId: string }) => h.interviewId === interview);
        return !found && view.errors?.[0]?.extensions?.code === 'NOT_FOUND' ? Date.now() : null;
      },
      SETTLE_GRACE_MS + SETTLE_CHECK_MS * 5 + 10_000,
    );
    console.log(`unsettled withdrawal closed ${((gone - cutOff!.getTime()) / 1000).toFixed(1)} s after the cut-off save (grace ${SETTLE_GRACE_MS / 1000} s, looks every ${SETTLE_CHECK_MS / 1000} s)`);
    const events = await archive.db.models.AuditEvent.find({ targetId: interview, action: 'save.unsettled' }).lean();
    expect(events).toHaveLength(1);
    expect(events[0]!).toMatchObject({ actorId: null, targetType: 'Interview', after: { version: (await versionOf('Interview', interview)) } });
    expect(await claimsNamed()).toEqual([]);
  });

  it('a claim whose save never wrote is left to its lease, then removed without a record', async () => {
    const interview = await storedInterview(archive, { title: 'Never written' });
    const version = await versionOf('Interview', interview);
    const claim = { model: 'Interview', targetId: new Types.ObjectId(interview), version };
    const at = new Date();
    await archive.db.models.EditClaim.create({ _id: `interviews:${interview}:${version}`, at, ...claim });
    // Past the grace, within the lease: a save that may still write; kept.
    expect(await recoverUnsettledSaves(archive.db.models, archive.api.services.audit, new Date(at.getTime() + SETTLE_GRACE_MS + 1))).toBe(0);
    expect(await claimsNamed(interview)).toHaveLength(1);
    // Past the lease: abandoned; removed, nothing logged.
    expect(await recoverUnsettledSaves(archive.db.models, archive.api.services.audit, new Date(at.getTime() + CLAIM_LEASE_MS + 1))).toBe(0);
    expect(await claimsNamed(interview)).toEqual([]);
    expect(await archive.db.models.AuditEvent.countDocuments({ targetId: interview })).toBe(0);
  });
});
