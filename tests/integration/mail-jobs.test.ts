/**
 * Mail as durable jobs, on the real database: a decision or a confirmation link is never lost while
 * the mail server is down, and a request or grant never fails or half-writes because of it. The
 * mail server here is a test double of the Mailer port that refuses a number of times; the database
 * and the queue are the real ones. Also: a withdrawal ends the interview's grants on record and tells
 * each requester, in their language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import type { JobDoc } from '../../server/src/jobs/job.model.js';
import type { Mailer, MailMessage } from '../../server/src/mail/mailer.js';
import { loadConfig } from '../../server/src/config.js';
import { JobQueue } from '../../server/src/jobs/job-queue.js';
import { createWorker, loadWorkerSettings } from '../../ingest/src/worker.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { waitUntil } from '../support/worker-process.js';
import { storedInterview } from '../support/factories.js';
import { deliverMail } from '../support/mail.js';

/** A mail server that is down for the first `failures` messages offered, then takes them. */
class FlakyMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  offered = 0;
  constructor(private failures: number) {}
  async send(message: MailMessage): Promise<void> {
    this.offered += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('connect ECONNREFUSED 10.0.0.25:587');
    }
    this.sent.push(message);
  }
}

let archive: TestArchive;
let editor: { id: string; token: string };
const DAY = 86_400_000;
const ASK = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id state } }`;
const GRANT = `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id state } }`;
const GET = `query($id: ID!) { interview(id: $id) { id version } }`;
const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
const mailJobs = () => archive.db.models.Job.find({ type: 'send-mail' }).lean<JobDoc[]>();

async function researchInterview(title: string) {
  return storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false }, title });
}

async function grantedTo(requester: { token: string }, interviewId: string) {
  const asked = await archive.gql(ASK, { input: { interviewId, purpose: 'A thesis on the 1930s famine', days: 7 } }, requester.token);
  const id = asked.data!.requestAccess.id as string;
  const granted = await archive.gql(GRANT, { input: { id, until: new Date(Date.now() + 7 * DAY) } }, editor.token);
  expect(granted.errors).toBeUndefined();
  return id;
}

beforeAll(async () => {
  archive = await startTestArchive({ PUBLIC_SITE_URL: 'http://archive.test' });
  editor = await archive.userWithRoles([Role.editor]);
});
afterAll(async () => {
  await archive?.close();
});

describe('mail jobs', () => {
  it('a grant is written while the mail server is down; its mail is sent once, after the retries', async () => {
    const reader = await archive.userWithRoles([Role.reader]);
    const interview = await researchInterview('Kolkhoz in Shieli');
    const id = await grantedTo(reader, interview);
    // The decision stands before any mail is tried: state, audit, and the grant opens the interview.
    expect((await archive.db.models.AccessRequest.findById(id).lean())!.state).toBe('granted');
    expect(codeOf(await archive.gql(GET, { id: interview }, reader.token))).toBeUndefined();

    const smtp = new FlakyMailer(3);
    await deliverMail(archive, { mailer: smtp });
    expect(smtp.offered).toBe(4);
    expect(smtp.sent).toHaveLength(1);
    expect(smtp.sent[0]).toMatchObject({ to: reader.email, kind: 'access.granted' });
    expect(smtp.sent[0]!.subject).toContain('Kolkhoz in Shieli');
    const [job] = (await mailJobs()).filter((j) => (j.payload as { requestId?: string }).requestId === id);
    expect(job).toMatchObject({ state: 'succeeded', attempts: 4, lastError: { message: 'connect ECONNREFUSED 10.0.0.25:587', attempt: 3 } });
    expect(job!.history.map((h) => h.outcome)).toEqual(['failed', 'failed', 'failed', 'succeeded']);

    // Delivered is done: running the queue again sends nothing more.
    await deliverMail(archive, { mailer: smtp });
    expect(smtp.sent).toHaveLength(1);
  });

  it('a mail that never goes through fails after its last attempt: the error kept, the requester’s request untouched, the audit says so', async () => {
    const reader = await archive.userWithRoles([Role.reader]);
    const interview = await researchInterview('Salt lake');
    const asked = await archive.gql(ASK, { input: { interviewId: interview, purpose: 'Family history', days: 3 } }, reader.token);
    const id = asked.data!.requestAccess.id as string;
    const refused = await archive.gql(`mutation($id: ID!) { refuseAccess(id: $id, reason: "Not yet catalogued") { state } }`, { id }, editor.token);
    expect(refused.data!.refuseAccess.state).toBe('refused');

    const smtp = new FlakyMailer(Number.POSITIVE_INFINITY);
    await deliverMail(archive, { mailer: smtp });
    const job = (await mailJobs()).find((j) => (j.payload as { requestId?: string }).requestId === id)!;
    expect(job).toMatchObject({ state: 'failed', attempts: job.maxAttempts, lastError: { message: 'connect ECONNREFUSED 10.0.0.25:587' } });
    expect(smtp.offered).toBe(job.maxAttempts);
    expect((await archive.db.models.AccessRequest.findById(id).lean())!).toMatchObject({ state: 'refused', reason: 'Not yet catalogued' });
    const audit = await archive.db.models.AuditEvent.find({ targetId: id }).sort({ at: 1 }).lean();
    expect(audit.map((e) => e.action)).toEqual(['access.request', 'access.refuse', 'mail.failed']);
    expect(audit[2]!.after).toMatchObject({ kind: 'access.refused', attempts: job.maxAttempts, error: 'connect ECONNREFUSED 10.0.0.25:587' });
  });

  it('a confirmation link survives the mail server being down, and confirms the account once it arrives', async () => {
    const email = `down-${Date.now()}@example.org`;
    const password = 'a long enough password';
    const res = await archive.gql(`mutation($input: SignUpInput!) { signUp(input: $input) }`, { input: { email, password, name: 'Dana', locale: 'ru' } });
    expect(res.data!.signUp).toBe(true);
    const smtp = new FlakyMailer(2);
    await deliverMail(archive, { mailer: smtp });
    expect(smtp.sent.map((m) => [m.to, m.kind])).toEqual([[email, 'confirm']]);
    expect(smtp.sent[0]!.subject).toBe('Подтвердите адрес электронной почты');
    const link = /https?:\/\/\S+confirm-email\S*/.exec(smtp.sent[0]!.text)![0];
    expect(link).toMatch(/^http:\/\/archive\.test\/ru\/confirm-email\?token=/);
    const token = new URL(link).searchParams.get('token')!;
    // The token is nowhere in the database, not in the job either.
    expect(JSON.stringify(await archive.db.models.Job.find({ type: 'send-mail' }).lean())).not.toContain(token);
    const confirmed = await archive.gql(`mutation($input: ConfirmEmailInput!) { confirmEmail(input: $input) { user { status } } }`, { input: { token, password } });
    expect(confirmed.data!.confirmEmail.user.status).toBe('active');
  });

  it('a withdrawal closes the grants at once, ends them on record and tells each requester in their language; reinstating does not reopen them', async () => {
    const interview = await researchInterview('Aral fishermen');
    const [kk, ru, en, lapsed, waiting] = await Promise.all([1, 2, 3, 4, 5].map(() => archive.userWithRoles([Role.reader])));
    await archive.db.models.User.updateOne({ _id: ru!.id }, { $set: { locale: 'ru' } });
    await archive.db.models.User.updateOne({ _id: en!.id }, { $set: { locale: 'en' } });
    const ids = [await grantedTo(kk!, interview), await grantedTo(ru!, interview), await grantedTo(en!, interview)];
    // A grant past its date before the withdrawal ended on its own, without a mail (see the report on lapses).
    const lapsedId = await grantedTo(lapsed!, interview);
    await archive.db.models.AccessRequest.updateOne({ _id: lapsedId }, { $set: { grantedUntil: new Date(Date.now() - DAY) } });
    // A request still waiting for an editor when the interview is withdrawn.
    await archive.db.models.User.updateOne({ _id: waiting!.id }, { $set: { locale: 'en' } });
    const waitingId = (await archive.gql(ASK, { input: { interviewId: interview, purpose: 'A school project', days: 7 } }, waiting!.token)).data!.requestAccess.id as string;
    await deliverMail(archive);
    const before = await archive.db.models.Outbox.countDocuments({});

    const { version } = (await archive.gql(GET, { id: interview }, editor.token)).data!.interview;
    const withdrawn = await archive.gql(`mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { id } }`, { input: { id: interview, version, reason: 'The narrator asked' } }, editor.token);
    expect(withdrawn.errors).toBeUndefined();
    // Closed at once, before any job ran: the policy's rule.
    for (const reader of [kk!, ru!, en!]) expect(codeOf(await archive.gql(GET, { id: interview }, reader.token))).toBe('NOT_FOUND');

    await deliverMail(archive);
    const requests = await archive.db.models.AccessRequest.find({ _id: { $in: ids } }).lean();
    expect(requests.map((r) => [r.state, r.endedBy])).toEqual(ids.map(() => ['ended', 'withdrawal']));
    expect((await archive.db.models.AccessRequest.findById(lapsedId).lean())!.state).toBe('granted');
    // The waiting request is refused on record for the withdrawal, not left for an editor who cannot grant it.
    expect((await archive.db.models.AccessRequest.findById(waitingId).lean())!).toMatchObject({ state: 'refused', endedBy: 'withdrawal', decidedBy: null });
    const refusal = await archive.db.models.AuditEvent.findOne({ targetId: waitingId, action: 'access.refuse' }).lean();
    expect(refusal!.after).toMatchObject({ state: 'refused', endedBy: 'withdrawal' });
    const mine = await archive.gql(`query { myAccessRequests { id state endedByWithdrawal } }`, {}, waiting!.token);
    expect(mine.data!.myAccessRequests).toEqual([{ id: waitingId, state: 'refused', endedByWithdrawal: true }]);
    for (const id of ids) {
      const end = await archive.db.models.AuditEvent.findOne({ targetId: id, action: 'access.end' }).lean();
      expect(end!.after).toMatchObject({ state: 'ended', endedBy: 'withdrawal' });
    }
    const sent = await archive.db.models.Outbox.find({}).sort({ createdAt: 1 }).skip(before).lean();
    const by = (email: string) => sent.filter((m) => m.to === email);
    expect(sent.map((m) => m.kind)).toEqual(['access.withdrawn', 'access.withdrawn', 'access.withdrawn', 'access.withdrawn']);
    expect(by(kk!.email)[0]!.subject).toBe('Рұқсат аяқталды: Aral fishermen');
    expect(by(ru!.email)[0]!.subject).toBe('Доступ закрыт: Aral fishermen');
    expect(by(en!.email)[0]!.text).toContain('has been withdrawn from the archive');
    expect(by(lapsed!.email)).toEqual([]);
    // Told their request was closed, under the interview's address only (as a refusal: they never saw it).
    expect(by(waiting!.email).map((m) => m.subject)).toEqual(['Your request was closed']);
    expect(by(waiting!.email)[0]!.text).toContain('was closed: the interview has been withdrawn from the archive');
    expect(by(waiting!.email)[0]!.text).not.toContain('Aral fishermen');

    // A rerun of the job (a worker that stalled) ends nothing more and mails nobody twice.
    const withdrawnAt = (await archive.db.models.Interview.findById(interview).lean())!.release!.withdrawnAt!;
    expect(await archive.api.services.accessRequests.endForWithdrawal(interview, withdrawnAt)).toEqual({ ended: 0, refused: 0 });
    await deliverMail(archive);
    expect(await archive.db.models.Outbox.countDocuments({})).toBe(before + 4);

    // Reinstated: the ended grants stay ended (the requesters were told so); they may ask again.
    const again = (await archive.gql(GET, { id: interview }, editor.token)).data!.interview.version;
    expect((await archive.gql(`mutation($id: ID!, $v: Int!) { reinstateInterview(id: $id, version: $v) { id } }`, { id: interview, v: again }, editor.token)).errors).toBeUndefined();
    expect(codeOf(await archive.gql(GET, { id: interview }, ru!.token))).toBe('NOT_FOUND');
    const askAgain = await archive.gql(ASK, { input: { interviewId: interview, purpose: 'The thesis goes on', days: 7 } }, ru!.token);
    expect(askAgain.data!.requestAccess.state).toBe('requested');
  });

  it('a decision whose mail was never queued (the API died between the two writes) is mailed by the hourly requeue, once', async () => {
    const reader = await archive.userWithRoles([Role.reader]);
    const id = await grantedTo(reader, await researchInterview('Tea house'));
    // As if the process had died right after the decision was written.
    await archive.db.models.Job.deleteMany({ type: 'send-mail', 'payload.requestId': id });
    const since = new Date(Date.now() - 3_600_000);
    expect(await archive.api.services.accessRequests.requeueDecisionMails(since)).toBeGreaterThanOrEqual(1);
    await deliverMail(archive);
    // Requeued again an hour later: the job of the same name is there, nothing is sent twice.
    await archive.api.services.accessRequests.requeueDecisionMails(since);
    await deliverMail(archive);
    expect((await archive.db.models.Outbox.find({ to: reader.email }).lean()).map((m) => m.kind)).toEqual(['access.granted']);
  });

  it('a withdrawal whose end-grants job was never queued: the hourly sweep ends the grants, refuses the waiting requests and mails the requesters', async () => {
    const [reader, asking] = await Promise.all([archive.userWithRoles([Role.reader]), archive.userWithRoles([Role.reader])]);
    const interview = await researchInterview('Orchards of Almaty');
    const id = await grantedTo(reader, interview);
    const askedId = (await archive.gql(ASK, { input: { interviewId: interview, purpose: 'A lesson on orchards', days: 3 } }, asking.token)).data!.requestAccess.id as string;
    await deliverMail(archive);
    // Withdrawn with no job queued (as if the API had died right after the write).
    await archive.db.models.Interview.updateOne({ _id: interview }, { $set: { 'release.withdrawn': true, 'release.withdrawnAt': new Date() } });
    expect(await archive.api.services.accessRequests.closeRequestsOfWithdrawn()).toBe(2);
    expect(await archive.api.services.accessRequests.closeRequestsOfWithdrawn()).toBe(0);
    await deliverMail(archive);
    expect((await archive.db.models.AccessRequest.findById(id).lean())!).toMatchObject({ state: 'ended', endedBy: 'withdrawal' });
    expect((await archive.db.models.AccessRequest.findById(askedId).lean())!).toMatchObject({ state: 'refused', endedBy: 'withdrawal' });
    expect((await archive.db.models.Outbox.find({ to: reader.email }).lean()).map((m) => m.kind)).toEqual(['access.granted', 'access.withdrawn']);
    expect((await archive.db.models.Outbox.find({ to: asking.email }).lean()).map((m) => m.subject)).toEqual(['Сұрауыңыз жабылды']);
  });

  it('a worker busy with a long job still sends mail: mail has a lane of its own', async () => {
    const worker = createWorker(archive.db, loadConfig({ NODE_ENV: 'test' }), archive.storage, loadWorkerSettings({ WORKER_ID: 'lanes', ARCHIVE_TEST_HANDLERS: '1', WORKER_POLL_MAX_MS: '100' }));
    const queue = new JobQueue(archive.db.models.Job);
    // Stands in for an hour of transcription: it outlasts the test unless cancelled.
    const { job: slow } = await queue.enqueue('test-slow', { steps: 600, stepMs: 100 });
    const running = worker.run();
    try {
      await waitUntil('the long job to run', async () => (await queue.get(String(slow._id)))?.state === 'running');
      const email = `busy-${Date.now()}@example.org`;
      await archive.gql(`mutation($input: SignUpInput!) { signUp(input: $input) }`, { input: { email, password: 'a long enough password', name: 'Erlan' } });
      const mail = await waitUntil('the confirmation mail', () => archive.db.models.Outbox.findOne({ to: email, kind: 'confirm' }).lean());
      expect(mail.subject).toBe('Электрондық поштаңызды растаңыз');
      expect((await queue.get(String(slow._id)))!.state).toBe('running');
    } finally {
      await queue.cancel(String(slow._id));
      await worker.stop();
      await running;
    }
  });
});
