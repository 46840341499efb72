/**
 * Access requests: a signed-in reader or teacher asks for an interview closed to them; an editor
 * grants it for a time (at most MAX_GRANT_DAYS) or refuses with a reason; a grant can be ended early.
 * What a grant opens is the policy's (clearanceFor / grantableLevel): this service only keeps the
 * requests, and never opens what the release forbids. Every step is audited, and each decision is
 * mailed to the requester by a durable job queued with it (mail/mail-queue.ts).
 */
import type { Types } from 'mongoose';
import type { Actor, Grant } from '../access/actor.js';
import { isEditor, SYSTEM } from '../access/actor.js';
import { type AccessLevel, rank } from '../access/levels.js';
import { canViewInterview, canViewPart, clearance, grantableLevel, grantablePartLevel, requireSignedIn, requireThat } from '../access/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { toObjectId } from '../common/ids.js';
import type { Models } from '../db/models.js';
import { BadInputError, NotFoundError } from '../errors.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { Reads } from '../db/reads.js';
import { transcriptsOf } from '../db/stored-parts.js';
import { MailQueue } from '../mail/mail-queue.js';
import { type RequestDetails, requestDetails } from './request-details.js';
import type { UserDoc } from '../users/user.model.js';
import type { AccessRequestDoc, RequestedPart, RequestState } from './access-request.model.js';

export const MAX_PURPOSE = 2000;
export const MAX_INSTITUTION = 200;
const DAY = 86_400_000;

export interface RequestAccessInput {
  interviewId: string;
  /** A restricted passage or chapter of the interview, instead of the whole. */
  partId?: string | null;
  purpose: string;
  institution?: string | null;
  days: number;
}

export class AccessRequestService {
  private readonly mail: MailQueue;

  constructor(
    private readonly models: Models,
    private readonly audit: AuditService,
    private readonly maxGrantDays: number,
  ) {
    this.mail = new MailQueue(models);
  }

  /**
   * The grants a user holds today, read with the session (auth.actorForToken) only when one may be
   * open: the requests are found by a field, a read of the whole table on FerretDB, and most users
   * never hold a grant. `user.grantsUntil` is raised before each grant is written, so when it has
   * passed none is open; what the read finds is the truth, so a grant ended early ends at once.
   */
  async grantsOf(user: Pick<UserDoc, '_id' | 'grantsUntil'>, now = new Date()): Promise<Grant[]> {
    if (user.grantsUntil && user.grantsUntil.getTime() <= now.getTime()) return [];
    const open = await this.models.AccessRequest.find({ requesterId: user._id, state: 'granted', grantedUntil: { $gt: now } }).lean<AccessRequestDoc[]>();
    // A user from before the mark: written once, from what was read ($max: a grant given meanwhile raised it already).
    if (user.grantsUntil == null) await this.raiseGrantsUntil(user._id, new Date(Math.max(0, ...open.map((r) => r.grantedUntil!.getTime()))));
    return open.map((r) => ({ interviewId: r.interviewId.toHexString(), level: r.level, until: r.grantedUntil!, mayDownload: r.mayDownload }));
  }

  /** Never lowered: an earlier grant may still run past a later one's end. Not an edit of the user (no timestamp, no version). */
  private async raiseGrantsUntil(userId: Types.ObjectId, until: Date): Promise<void> {
    await this.models.User.updateOne({ _id: userId }, { $max: { grantsUntil: until } }, { timestamps: false });
  }

  async request(actor: Actor, input: RequestAccessInput, now = new Date()): Promise<AccessRequestDoc> {
    requireSignedIn(actor);
    const purpose = input.purpose.trim();
    if (!purpose) throw new BadInputError('purpose', 'say what the material is for (a course, a book, a lesson)');
    if (purpose.length > MAX_PURPOSE) throw new BadInputError('purpose', `is ${purpose.length} characters; the limit is ${MAX_PURPOSE}`);
    const institution = input.institution?.trim() || null;
    if (institution && institution.length > MAX_INSTITUTION) throw new BadInputError('institution', `is ${institution.length} characters; the limit is ${MAX_INSTITUTION}`);
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > this.maxGrantDays) {
      throw new BadInputError('days', `must be a whole number of days from 1 to ${this.maxGrantDays}`);
    }
    const interviewId = toObjectId('interviewId', input.interviewId);
    const interview = await this.models.Interview.findById(interviewId).lean<InterviewDoc>();
    // Hidden (unpublished, withdrawn, embargoed, private by release) is the same NOT_FOUND as everywhere.
    if (!interview || !grantableLevel(interview, now)) throw new NotFoundError('Interview');
    const { level, part } = input.partId ? await this.partAsked(actor, interview, input.partId, now) : { level: this.interviewAsked(actor, interview, now), part: null };
    const open = await this.models.AccessRequest.findOne({
      requesterId: toObjectId('userId', actor.userId),
      interviewId,
      'part.id': part?.id ?? null,
      state: { $in: ['requested', 'granted'] },
      $or: [{ state: 'requested' }, { grantedUntil: { $gt: now } }],
    }).lean<AccessRequestDoc>();
    if (open) throw new BadInputError(part ? 'partId' : 'interviewId', `you already have a request for this ${part ? 'passage' : 'interview'} (${open.state})`);
    const doc = await this.models.AccessRequest.create({ requesterId: actor.userId, interviewId, part, level, purpose, institution, days: input.days, createdAt: now });
    await this.audit.record(actor, 'access.request', { type: 'AccessRequest', id: doc._id }, { after: { interviewId, part, level, days: input.days } });
    return doc.toObject();
  }

  async grant(actor: Actor, id: string, until: Date, mayDownload: boolean, now = new Date()): Promise<AccessRequestDoc> {
    const request = await this.decidable(actor, id, ['requested']);
    if (!(until instanceof Date) || Number.isNaN(until.getTime()) || until <= now) throw new BadInputError('until', 'must be a day after today');
    if (until.getTime() - now.getTime() > this.maxGrantDays * DAY) throw new BadInputError('until', `is past the longest grant, ${this.maxGrantDays} days (MAX_GRANT_DAYS)`);
    const interview = await this.models.Interview.findById(request.interviewId).lean<InterviewDoc>();
    const partLevel = interview && request.part ? (await this.findPart(interview, request.part.id))?.level : undefined;
    const level = !interview ? null : request.part ? grantablePartLevel(interview, partLevel, now) : grantableLevel(interview, now);
    if (!level || rank(level) > rank(request.level)) {
      throw new BadInputError('id', 'the interview can no longer be granted: it is withdrawn, embargoed, unpublished or closed further by its release');
    }
    return this.decide(actor, request, 'granted', { grantedUntil: until, mayDownload, level }, now);
  }

  async refuse(actor: Actor, id: string, reason: string, now = new Date()): Promise<AccessRequestDoc> {
    const request = await this.decidable(actor, id, ['requested']);
    const text = reason.trim();
    if (!text) throw new BadInputError('reason', 'tell the requester why (they read it)');
    if (text.length > MAX_PURPOSE) throw new BadInputError('reason', `is ${text.length} characters; the limit is ${MAX_PURPOSE}`);
    return this.decide(actor, request, 'refused', { reason: text }, now);
  }

  async end(actor: Actor, id: string, reason: string | null, now = new Date()): Promise<AccessRequestDoc> {
    const request = await this.decidable(actor, id, ['granted']);
    return this.decide(actor, request, 'ended', { reason: reason?.trim() || null, grantedUntil: now, endedBy: 'editor' }, now);
  }

  /**
   * The 'end-grants' job after a withdrawal. The policy closed the grants at the withdrawal already
   * (a withdrawn interview opens to no grant); this ends them on record, so the requesters are told
   * and a reinstatement does not quietly reopen them (they may ask again). Requests still waiting
   * are refused on record for the same cause: no editor can grant them any more, and the requester
   * would otherwise wait for an answer that never comes. Idempotent: a rerun finds them closed and
   * queues their mails again, which the dedupe keys make no-ops.
   */
  async endForWithdrawal(interviewId: string, withdrawnAt: Date, now = new Date()): Promise<{ ended: number; refused: number } | null> {
    const _id = toObjectId('interviewId', interviewId);
    const interview = await this.models.Interview.findById(_id, { release: 1 }).lean<InterviewDoc>();
    // Reinstated before the job ran: the grants stand.
    if (!interview?.release?.withdrawn) return null;
    const open = await this.models.AccessRequest.find({ interviewId: _id, state: 'granted', grantedUntil: { $gt: withdrawnAt } }).lean<AccessRequestDoc[]>();
    let ended = 0;
    for (const request of open) {
      const after = await this.models.AccessRequest.findOneAndUpdate(
        { _id: request._id, state: 'granted' },
        { $set: { state: 'ended', endedBy: 'withdrawal', grantedUntil: withdrawnAt, decidedAt: now } },
        { returnDocument: 'after' },
      ).lean<AccessRequestDoc>();
      if (!after) continue;
      ended += 1;
      await this.audit.record(SYSTEM, 'access.end', { type: 'AccessRequest', id: request._id }, {
        before: { state: 'granted', grantedUntil: request.grantedUntil },
        after: { state: 'ended', endedBy: 'withdrawal', grantedUntil: withdrawnAt },
      });
    }
    const waiting = await this.models.AccessRequest.find({ interviewId: _id, state: 'requested' }, { _id: 1 }).lean<AccessRequestDoc[]>();
    let refused = 0;
    for (const request of waiting) {
      const after = await this.models.AccessRequest.findOneAndUpdate(
        { _id: request._id, state: 'requested' },
        { $set: { state: 'refused', endedBy: 'withdrawal', decidedAt: now } },
        { returnDocument: 'after' },
      ).lean<AccessRequestDoc>();
      if (!after) continue;
      refused += 1;
      await this.audit.record(SYSTEM, 'access.refuse', { type: 'AccessRequest', id: request._id }, {
        before: { state: 'requested' },
        after: { state: 'refused', endedBy: 'withdrawal' },
      });
    }
    const told = await this.models.AccessRequest.find(
      { interviewId: _id, state: { $in: ['ended', 'refused'] }, endedBy: 'withdrawal', decidedAt: { $gte: withdrawnAt } },
      { _id: 1, state: 1 },
    ).lean<AccessRequestDoc[]>();
    for (const request of told) {
      await this.mail.enqueue({ mail: 'access-decision', requestId: request._id.toHexString(), state: request.state as 'ended' | 'refused' });
    }
    return { ended, refused };
  }

  /**
   * Housekeeping: the open grants of withdrawn interviews are ended and their waiting requests
   * refused, in case the withdrawal's end-grants job was never queued (the API died right after the
   * withdrawal) or a request was written while the job ran. Closed the grants were already: the
   * policy opens no grant on a withdrawn interview. Returns how many requests it closed.
   */
  async closeRequestsOfWithdrawn(now = new Date()): Promise<number> {
    const open = await this.models.AccessRequest.find(
      { $or: [{ state: 'granted', grantedUntil: { $gt: now } }, { state: 'requested' }] },
      { interviewId: 1 },
    ).lean<AccessRequestDoc[]>();
    const ids = [...new Set(open.map((r) => r.interviewId.toHexString()))].map((id) => toObjectId('interviewId', id));
    const withdrawn = ids.length ? await this.models.Interview.find({ _id: { $in: ids }, 'release.withdrawn': true }, { release: 1 }).lean<InterviewDoc[]>() : [];
    let closed = 0;
    for (const interview of withdrawn) {
      const done = await this.endForWithdrawal(interview._id.toHexString(), interview.release!.withdrawnAt ?? now, now);
      closed += (done?.ended ?? 0) + (done?.refused ?? 0);
    }
    return closed;
  }

  /**
   * Housekeeping: queues again the mails of decisions made since `since`. A mail is queued right
   * after its decision is written; an API instance that died between the two would lose it, and this
   * finds it. The dedupe keys make it a no-op for every mail already queued (jobs are kept).
   */
  async requeueDecisionMails(since: Date): Promise<number> {
    const decided = await this.models.AccessRequest.find({ state: { $in: ['granted', 'refused', 'ended'] }, decidedAt: { $gte: since } }, { state: 1 }).lean<AccessRequestDoc[]>();
    for (const r of decided) await this.mail.enqueue({ mail: 'access-decision', requestId: r._id.toHexString(), state: r.state as 'granted' | 'refused' | 'ended' });
    return decided.length;
  }

  /** The levels this viewer's open (undecided) requests for the interview ask for; none for a visitor. */
  async openLevels(actor: Actor, interviewId: Types.ObjectId): Promise<AccessLevel[]> {
    if (!actor.userId) return [];
    const open = await this.models.AccessRequest.find({ requesterId: toObjectId('userId', actor.userId), interviewId, state: 'requested' }, { level: 1 }).lean<AccessRequestDoc[]>();
    return open.map((r) => r.level);
  }

  /**
   * What this viewer could ask for (the site's "withheld" notice and its form): the level a grant
   * would give, or null when there is nothing to ask (hidden, private, or open to them already).
   * Anonymous visitors get the answer a signed-in reader would, so the site can ask them to sign in.
   */
  async requestable(actor: Actor, interviewId: string, partId: string | null, now = new Date()): Promise<AccessLevel | null> {
    const interview = await this.models.Interview.findById(toObjectId('interviewId', interviewId)).lean<InterviewDoc>();
    if (!interview || !grantableLevel(interview, now)) return null;
    try {
      return partId ? (await this.partAsked(actor, interview, partId, now)).level : this.interviewAsked(actor, interview, now);
    } catch (err) {
      if (err instanceof BadInputError || err instanceof NotFoundError) return null;
      throw err;
    }
  }

  get maxDays(): number {
    return this.maxGrantDays;
  }

  /** The interviews' titles (where the viewer may see them) and the parts' ends, for a page of requests through the request's reads. */
  details(actor: Actor, requests: readonly AccessRequestDoc[], reads: Pick<Reads, 'interviews' | 'transcripts'>, now = new Date()): Promise<Map<string, RequestDetails>> {
    return requestDetails(reads, actor, requests, now);
  }

  /** Who asked, for the editors' queue (one read for a page of requests). */
  async requesters(actor: Actor, ids: Types.ObjectId[]): Promise<Map<string, { name: string; email: string }>> {
    requireThat(actor, isEditor(actor), 'Only editors decide access requests');
    const users = await this.models.User.find({ _id: { $in: ids } }, { name: 1, email: 1 }).lean<UserDoc[]>();
    return new Map(users.map((u) => [u._id.toHexString(), { name: u.name, email: u.email }]));
  }

  /** The level a request for the whole interview asks for; refused when the requester sees it already. */
  private interviewAsked(actor: Actor, interview: InterviewDoc, now: Date): AccessLevel {
    const level = grantableLevel(interview, now)!;
    if (canViewInterview(actor, interview, now) || rank(clearance(actor)) >= rank(level)) {
      throw new BadInputError('interviewId', 'you may already see this interview; there is nothing to ask for');
    }
    return level;
  }

  /** A restricted passage or chapter of an interview the requester sees: its level, unless private or already open to them. */
  private async partAsked(actor: Actor, interview: InterviewDoc, partId: string, now: Date): Promise<{ level: AccessLevel; part: RequestedPart }> {
    if (!canViewInterview(actor, interview, now)) throw new BadInputError('partId', 'ask for the whole interview: it is closed to you');
    const found = await this.findPart(interview, toObjectId('partId', partId));
    if (!found) throw new NotFoundError('Passage');
    if (canViewPart(actor, interview, found.level, now)) throw new BadInputError('partId', 'you may already see this passage; there is nothing to ask for');
    const level = grantablePartLevel(interview, found.level, now);
    if (!level) throw new BadInputError('partId', 'this passage is private by the narrator’s release: it cannot be granted');
    return { level, part: found.part };
  }

  /** A chapter of the index, or a segment of one of the interview's approved transcripts (the ones a reader reads). */
  private async findPart(interview: InterviewDoc, id: Types.ObjectId): Promise<{ level: AccessLevel | null; part: RequestedPart } | null> {
    const chapter = (interview.indexSegments ?? []).find((c) => c._id?.equals(id));
    if (chapter) return { level: chapter.accessLevel ?? null, part: { kind: 'chapter', id, start: chapter.start } };
    // Through the interview's list and searched here: a filter on the transcripts scans them all on FerretDB.
    const approved = (await transcriptsOf(this.models, interview._id)).filter((t) => t.status === 'approved');
    const segment = approved.flatMap((t) => t.segments).find((x) => x._id.equals(id));
    return segment ? { level: segment.accessLevel ?? null, part: { kind: 'segment', id, start: segment.start } } : null;
  }

  /** The requester's own, newest first. */
  async mine(actor: Actor): Promise<AccessRequestDoc[]> {
    requireSignedIn(actor);
    return this.models.AccessRequest.find({ requesterId: toObjectId('userId', actor.userId) }).sort({ createdAt: -1 }).limit(200).lean<AccessRequestDoc[]>();
  }

  /** The editors' queue, newest first. */
  async queue(actor: Actor, filter: { state?: RequestState | null; interviewId?: string | null }): Promise<AccessRequestDoc[]> {
    requireThat(actor, isEditor(actor), 'Only editors decide access requests');
    const query: Record<string, unknown> = {};
    if (filter.state) query.state = filter.state;
    if (filter.interviewId) query.interviewId = toObjectId('interviewId', filter.interviewId);
    return this.models.AccessRequest.find(query).sort({ createdAt: -1 }).limit(200).lean<AccessRequestDoc[]>();
  }

  private async decidable(actor: Actor, id: string, states: RequestState[]): Promise<AccessRequestDoc> {
    requireThat(actor, isEditor(actor), 'Only editors decide access requests');
    const request = await this.models.AccessRequest.findById(toObjectId('id', id)).lean<AccessRequestDoc>();
    if (!request) throw new NotFoundError('Access request');
    if (!states.includes(request.state)) throw new BadInputError('id', `the request is ${request.state}, not ${states.join(' or ')}`);
    return request;
  }

  /** One conditional write: two editors deciding at once cannot both win. */
  private async decide(actor: Actor, request: AccessRequestDoc, state: RequestState, fields: Partial<AccessRequestDoc>, now: Date) {
    // Before the grant exists, so a session never skips reading an open one (grantsOf).
    if (state === 'granted') await this.raiseGrantsUntil(request.requesterId, fields.grantedUntil!);
    const after = await this.models.AccessRequest.findOneAndUpdate(
      { _id: request._id, state: request.state },
      { $set: { ...fields, state, decidedBy: toObjectId('userId', actor.userId!), decidedAt: now } },
      { returnDocument: 'after' },
    ).lean<AccessRequestDoc>();
    if (!after) throw new BadInputError('id', 'the request was decided by someone else meanwhile');
    await this.audit.record(actor, `access.${state === 'granted' ? 'grant' : state === 'refused' ? 'refuse' : 'end'}`, { type: 'AccessRequest', id: request._id }, {
      before: { state: request.state },
      after: { state, ...fields },
    });
    await this.tell(after);
    return after;
  }

  /**
   * The requester hears of the decision by mail, sent by a retried job: SMTP being down delays the
   * mail, never the decision. Queueing is a database write; if even that fails the decision stands
   * (it is on their requests page) and the hourly requeue (requeueDecisionMails) queues it later.
   */
  private async tell(request: AccessRequestDoc): Promise<void> {
    try {
      await this.mail.enqueue({ mail: 'access-decision', requestId: request._id.toHexString(), state: request.state as 'granted' | 'refused' | 'ended' });
    } catch (err) {
      console.error(`access request ${request._id.toHexString()}: could not queue the mail to the requester:`, (err as Error).message);
    }
  }
}
