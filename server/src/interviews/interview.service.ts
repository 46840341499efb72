import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { AccessLevel, rank } from '../access/levels.js';
import {
  canCreateInterview,
  canEditInterview,
  canPublish,
  canSeePersonalData,
  canViewInterview,
  interviewVisibilityFilter,
  type RestrictedPart,
  requireMayChangeAccess,
  requireThat,
} from '../access/policy.js';
import { type AuditService, changedFields } from '../audit/audit.service.js';
import { updateVersioned } from '../common/concurrency.js';
import { toObjectId } from '../common/ids.js';
import { hasAnyText } from '../common/localized.js';
import type { Page } from '../common/pagination.js';
import type { Models } from '../db/models.js';
import { createReads, type Reads } from '../db/reads.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { JobQueue } from '../jobs/job-queue.js';
import { CopySchedule } from '../media/copy-schedule.js';
import { keys } from '../storage/keys.js';
import type { Storage } from '../storage/storage.js';
import { InterviewReferences } from './interview-references.js';
import { attachReleaseDocument } from './release-document.js';
import type {
  CreateInterviewInput,
  InterviewFieldsInput,
  InterviewsArgs,
  RequestReleaseUploadInput,
  SetAccessInput,
  SetIndexSegmentsInput,
  SetReleaseInput,
  SetStatusInput,
  UpdateInterviewInput,
  WithdrawInput,
} from './interview.input.js';
import type { IndexSegmentDoc, InterviewDoc } from './interview.model.js';

/** A chapter without an end runs to the next chapter's start (or the end of the recording). */
function chapterParts(segments: readonly Pick<IndexSegmentDoc, 'start' | 'end' | 'accessLevel'>[]): RestrictedPart[] {
  const sorted = [...segments].sort((a, b) => a.start - b.start);
  return sorted.map((s, i) => ({
    start: s.start,
    end: s.end ?? sorted[i + 1]?.start ?? Number.POSITIVE_INFINITY,
    level: s.accessLevel ?? null,
  }));
}

const AUDITED = ['title', 'summary', 'narratorIds', 'interviewers', 'recordedOn', 'place', 'placeTermId', 'languages',
  'durationSeconds', 'tagIds', 'provenance', 'release', 'accessLevel', 'status', 'indexSegments'] as const;

/** Writes after which the access copies may have to be cut again (or, on withdrawal, removed). */
const RESHAPES_COPIES = new Set(['interview.release', 'interview.access', 'interview.withdraw', 'interview.reinstate', 'interview.index', 'interview.update']);

export class InterviewService {
  private readonly refs: InterviewReferences;
  private readonly copies: CopySchedule;
  private readonly jobs: JobQueue;

  constructor(
    private readonly models: Models,
    private readonly storage: Storage,
    private readonly audit: AuditService,
  ) {
    this.refs = new InterviewReferences(models);
    this.copies = new CopySchedule(models, storage);
    this.jobs = new JobQueue(models.Job);
  }

  /**
   * The interview if the viewer may see it; NOT_FOUND otherwise, so existence does not leak.
   * `reads`: the request's (db/reads.ts), so every field and route that needs the interview again
   * shares this one read; without one (no request), a read of its own.
   */
  async get(actor: Actor, id: string, reads: Reads = createReads(this.models), now = new Date()): Promise<InterviewDoc> {
    const doc = await reads.interviews.get(toObjectId('id', id));
    if (!doc || !canViewInterview(actor, doc, now)) throw new NotFoundError('Interview');
    return doc;
  }

  async list(actor: Actor, args: InterviewsArgs, reads: Reads, now = new Date()): Promise<Page<InterviewDoc>> {
    const f = args.filter ?? {};
    const clauses: Record<string, unknown>[] = [interviewVisibilityFilter(actor, now)];
    if (f.tagIds?.length) clauses.push({ tagIds: { $all: f.tagIds.map((t, i) => toObjectId(`filter.tagIds[${i}]`, t)) } });
    if (f.narratorId) clauses.push({ narratorIds: toObjectId('filter.narratorId', f.narratorId) });
    if (f.status) clauses.push({ status: f.status });
    if (f.language) clauses.push({ languages: f.language });
    if (f.recordedFrom) clauses.push({ recordedOn: { $gte: f.recordedFrom } });
    if (f.recordedTo) clauses.push({ recordedOn: { $lte: f.recordedTo } });
    if (f.mine) clauses.push({ createdBy: actor.userId ? toObjectId('userId', actor.userId) : null });
    return reads.interviews.page({ $and: clauses }, args);
  }

  async create(actor: Actor, input: CreateInterviewInput, reads: Reads): Promise<InterviewDoc> {
    requireThat(actor, canCreateInterview(actor), 'Only researchers, editors and admins create interviews');
    if (!hasAnyText(input.title)) throw new BadInputError('title', 'give a title in at least one language');
    if (rank(input.accessLevel) < rank(AccessLevel.research)) {
      throw new BadInputError('accessLevel', 'an interview starts without a release, so it can be research or private; an editor opens it once the release is recorded');
    }
    const fields = await this.fieldsFrom(input);
    const userId = toObjectId('userId', actor.userId!);
    const doc = await this.models.Interview.create({
      ...fields,
      accessLevel: input.accessLevel,
      status: 'draft',
      createdBy: userId,
      provenance: { ...fields.provenance, uploadedBy: userId, uploadedAt: new Date() },
    });
    const created = doc.toObject() as InterviewDoc;
    reads.interviews.saved(created);
    await this.audit.record(actor, 'interview.create', { type: 'Interview', id: created._id }, {
      after: changedFields({}, created, AUDITED).after,
    });
    return created;
  }

  async update(actor: Actor, input: UpdateInterviewInput, reads: Reads): Promise<InterviewDoc> {
    const before = await this.editable(actor, input.id, reads);
    const { provenance, ...fields } = await this.fieldsFrom(input);
    if (input.title && !hasAnyText(input.title)) throw new BadInputError('title', 'give a title in at least one language');
    // Only the provenance subfields the editor named, each by its dotted path: the worker records the
    // master's checksum there without bumping the version, and writing back the whole object read
    // before would erase a checksum recorded in between.
    for (const [k, v] of Object.entries(provenance ?? {})) fields[`provenance.${k}`] = v;
    return this.save(actor, 'interview.update', before, input.version, fields, reads);
  }

  async setRelease(actor: Actor, input: SetReleaseInput, reads: Reads, now = new Date()): Promise<InterviewDoc> {
    const before = await this.editable(actor, input.id, reads);
    if (input.signedOn && input.signedOn.getTime() > now.getTime()) {
      throw new BadInputError('signedOn', 'a release cannot be signed in the future; check the date');
    }
    const documentKey =
      input.documentKey && input.documentKey !== before.release?.documentKey
        ? await attachReleaseDocument(this.storage, before._id.toHexString(), input.documentKey)
        : (before.release?.documentKey ?? null);
    // A field left out keeps its stored value; null clears it (a partial input changes only what it names).
    const kept = <K extends keyof NonNullable<InterviewDoc['release']>>(field: K & keyof SetReleaseInput) =>
      input[field] !== undefined ? input[field] : (before.release?.[field] ?? null);
    const permits = input.permits ?? before.release?.permits;
    if (!permits) throw new BadInputError('permits', 'is required to record a release: the most open access the narrator allows');
    const release = {
      permits,
      restrictions: kept('restrictions'),
      signedOn: kept('signedOn'),
      embargoUntil: kept('embargoUntil'),
      documentKey,
      documentName: input.documentName ?? before.release?.documentName ?? null,
      withdrawn: before.release?.withdrawn ?? false,
      withdrawnAt: before.release?.withdrawnAt ?? null,
      withdrawnReason: before.release?.withdrawnReason ?? null,
    };
    requireMayChangeAccess(actor, before, { accessLevel: before.accessLevel, release }, now);
    const saved = await this.save(actor, 'interview.release', before, input.version, { release }, reads);
    // Only once saved: a refused or stale edit can be sent again with the same upload key.
    if (input.documentKey && documentKey !== before.release?.documentKey) await this.storage.delete(input.documentKey);
    return saved;
  }

  /** A presigned PUT to the private release prefix; the document is attached by setRelease. */
  async requestReleaseUpload(actor: Actor, input: RequestReleaseUploadInput, reads: Reads) {
    const interview = await this.editable(actor, input.id, reads);
    // The URL writes only the upload key; setRelease copies it to where the release keeps it.
    const key = keys.incoming(keys.releaseDocument(interview._id.toHexString(), randomBytes(6).toString('hex'), input.fileName));
    const expiresInSeconds = 900;
    return {
      key,
      url: await this.storage.presignPut(key, input.contentType, expiresInSeconds),
      expiresAt: new Date(Date.now() + expiresInSeconds * 1000),
    };
  }

  async releaseDocumentUrl(actor: Actor, interview: InterviewDoc): Promise<string | null> {
    const key = interview.release?.documentKey;
    if (!key || !canSeePersonalData(actor) || !canViewInterview(actor, interview)) return null;
    return this.storage.presignGet(key, 300, interview.release?.documentName ?? undefined);
  }

  /** Editors open an interview; its uploader may close it further. */
  async setAccess(actor: Actor, input: SetAccessInput, reads: Reads): Promise<InterviewDoc> {
    const before = await this.editable(actor, input.id, reads);
    requireMayChangeAccess(actor, before, { ...before, accessLevel: input.accessLevel });
    this.checkReleaseAllows(input.accessLevel, before);
    return this.save(actor, 'interview.access', before, input.version, { accessLevel: input.accessLevel }, reads);
  }

  async setStatus(actor: Actor, input: SetStatusInput, reads: Reads): Promise<InterviewDoc> {
    const before = await this.editable(actor, input.id, reads);
    if ((input.status === 'published' || before.status === 'published') && !canPublish(actor)) {
      requireThat(actor, false, 'Only editors publish or unpublish; send it for review instead');
    }
    if (input.status === 'published') {
      if (!hasAnyText(before.title)) throw new BadInputError('status', 'give the interview a title before publishing');
      if (!before.languages.length) throw new BadInputError('status', 'record the language(s) spoken before publishing');
      this.checkReleaseAllows(before.accessLevel, before);
    }
    // Kept for OAI-PMH, which tells harvesters of a record taken out of publication (a deleted record).
    const unpublishedAt = input.status === 'published' ? null : before.status === 'published' ? new Date() : (before.unpublishedAt ?? null);
    return this.save(actor, 'interview.status', before, input.version, { status: input.status, unpublishedAt }, reads);
  }

  /**
   * Withdrawal closes the interview everywhere at once: every read path checks release.withdrawn,
   * grants included. The 'end-grants' job then ends those grants on record and mails each requester.
   */
  async withdraw(actor: Actor, input: WithdrawInput, reads: Reads, now = new Date()): Promise<InterviewDoc> {
    const before = await this.editable(actor, input.id, reads);
    if (!before.release) throw new BadInputError('id', 'there is no release to withdraw; record it first or set access to private');
    const after = await this.save(actor, 'interview.withdraw', before, input.version, {
      'release.withdrawn': true,
      'release.withdrawnAt': now,
      'release.withdrawnReason': input.reason,
    }, reads);
    const withdrawnAt = now.toISOString();
    // The withdrawal stands whatever happens here; should even this write fail, the hourly sweep
    // (AccessRequestService.closeRequestsOfWithdrawn) ends the grants instead.
    await this.jobs
      .enqueue('end-grants', { interviewId: before._id.toHexString(), withdrawnAt }, { dedupeKey: `end-grants:${before._id.toHexString()}:${withdrawnAt}` })
      .catch((err: unknown) => console.error(`interview ${before._id.toHexString()}: could not queue the end of its grants:`, (err as Error).message));
    return after;
  }

  async reinstate(actor: Actor, id: string, version: number, reads: Reads): Promise<InterviewDoc> {
    requireThat(actor, canPublish(actor), 'Only editors reinstate a withdrawn interview');
    const before = await this.editable(actor, id, reads);
    return this.save(actor, 'interview.reinstate', before, version, {
      'release.withdrawn': false,
      'release.withdrawnAt': null,
      'release.withdrawnReason': null,
    }, reads);
  }

  async setIndexSegments(actor: Actor, input: SetIndexSegmentsInput, reads: Reads): Promise<InterviewDoc> {
    const before = await this.editable(actor, input.id, reads);
    const segments = await this.refs.indexSegments(input.segments, before.durationSeconds ?? null);
    requireMayChangeAccess(actor, { parts: chapterParts(before.indexSegments ?? []) }, { parts: chapterParts(segments) });
    return this.save(actor, 'interview.index', before, input.version, { indexSegments: segments }, reads);
  }

  /** A write's "before": read afresh, not the request's earlier read (a loader would hand back the document from before an earlier write). */
  private async editable(actor: Actor, id: string, reads: Reads): Promise<InterviewDoc> {
    const doc = await reads.interviews.fresh(toObjectId('id', id));
    if (!doc || !canViewInterview(actor, doc)) throw new NotFoundError('Interview');
    requireThat(actor, canEditInterview(actor, doc), 'Only the uploader or an editor may change this interview');
    return doc;
  }

  private checkReleaseAllows(level: AccessLevel, interview: InterviewDoc) {
    if (rank(level) >= rank(AccessLevel.research)) return;
    const permits = interview.release?.permits;
    if (!permits) throw new BadInputError('accessLevel', `${level} access needs a recorded release; record it first`);
    if (rank(level) < rank(permits)) {
      throw new BadInputError('accessLevel', `the release allows at most ${permits} access, not ${level}`);
    }
  }

  private async save(actor: Actor, action: string, before: InterviewDoc, version: number, $set: Record<string, unknown>, reads: Reads) {
    const after = await updateVersioned<InterviewDoc>(this.models.Interview, 'Interview', before._id, version, { $set });
    reads.interviews.saved(after);
    await this.audit.record(actor, action, { type: 'Interview', id: before._id, version: after.version }, changedFields(before, after, AUDITED));
    if (RESHAPES_COPIES.has(action)) {
      await this.copies.restrictionsChanged(before._id);
      reads.media.changed(before._id);
    }
    return after;
  }

  /** Checks references and turns input into stored fields; only the fields given. */
  private async fieldsFrom(input: InterviewFieldsInput) {
    const out: Record<string, unknown> & { provenance?: Record<string, unknown> } = {};
    if (input.title) out.title = input.title;
    if (input.summary) out.summary = input.summary;
    if (input.narratorIds) out.narratorIds = await this.refs.narrators(input.narratorIds);
    if (input.tagIds) out.tagIds = await this.refs.terms('tagIds', input.tagIds);
    if (input.placeTermId !== undefined) {
      out.placeTermId = input.placeTermId ? (await this.refs.terms('placeTermId', [input.placeTermId], 'place'))[0] : null;
    }
    if (input.interviewers) out.interviewers = input.interviewers.map((i) => ({ name: i.name.trim() }));
    if (input.recordedOn !== undefined) {
      if (input.recordedOn && input.recordedOn.getTime() > Date.now()) {
        throw new BadInputError('recordedOn', 'is in the future');
      }
      out.recordedOn = input.recordedOn;
    }
    if (input.place !== undefined) out.place = input.place;
    if (input.languages) out.languages = [...new Set(input.languages)];
    if (input.durationSeconds !== undefined) out.durationSeconds = input.durationSeconds;
    if (input.device !== undefined || input.provenanceNotes !== undefined) {
      out.provenance = {
        ...(input.device !== undefined ? { device: input.device } : {}),
        ...(input.provenanceNotes !== undefined ? { notes: input.provenanceNotes } : {}),
      };
    }
    return out;
  }
}
