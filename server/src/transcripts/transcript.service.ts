import type { CopySchedule } from '../media/copy-schedule.js';
import { type Actor, ANONYMOUS } from '../access/actor.js';
import {
  canEditInterview,
  canPublish,
  canReadTranscript,
  requireMayChangeAccess,
  canSeePersonalData,
  canViewInterview,
  requireThat,
} from '../access/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { isDuplicateKey, updateVersioned } from '../common/concurrency.js';
import { toObjectId } from '../common/ids.js';
import { type Page, type PageArgs, paginate } from '../common/pagination.js';
import type { Models } from '../db/models.js';
import { createReads, type Reads } from '../db/reads.js';
import { transcriptsOf } from '../db/stored-parts.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import {
  applyChanges,
  checkLanguage,
  mergeChanges,
  newSegments,
  type RevisionChange,
  type SegmentChange,
  type SegmentFields,
  splitChanges,
} from './transcript-changes.js';
import { chooseTranscript, readableTranscripts } from './transcript-choice.js';
import type { CreateTranscriptInput, EditTranscriptInput, MergeSegmentsArgs, SplitSegmentArgs } from './transcript.input.js';
import type { SegmentDoc, TranscriptDoc, TranscriptRevisionDoc } from './transcript.model.js';
import type { Contributor } from './transcript.type.js';

/** A transcript with the interview whose access rules apply to it. */
export interface Viewed {
  transcript: TranscriptDoc;
  interview: InterviewDoc;
}

/** What the transcription job's draft did: `kept` means a person's work was there and stays. */
export interface DraftResult {
  outcome: 'created' | 'replaced' | 'kept';
  transcript: TranscriptDoc;
}

const EMPTY_PAGE = { nodes: [], totalCount: async () => 0, pageInfo: { hasNextPage: false, endCursor: null } };

function describe(changes: readonly RevisionChange[]): string {
  const added = changes.filter((c) => !c.before).length;
  const deleted = changes.filter((c) => !c.after).length;
  const parts = [[changes.length - added - deleted, 'changed'], [added, 'added'], [deleted, 'deleted']] as const;
  return parts.filter(([n]) => n > 0).map(([n, what]) => `${n} segment${n === 1 ? '' : 's'} ${what}`).join(', ');
}

export class TranscriptService {
  constructor(
    private readonly models: Models,
    private readonly audit: AuditService,
    /** A restricted passage opened or closed, or a new version: the access copies follow. */
    private readonly copies?: Pick<CopySchedule, 'restrictionsChanged'>,
  ) {}

  /**
   * The transcript if the viewer may see its interview and read it (an unapproved one is staff's);
   * NOT_FOUND otherwise, so existence does not leak.
   */
  async get(actor: Actor, id: string, reads: Reads = createReads(this.models), now = new Date()): Promise<Viewed> {
    return this.viewed(actor, id, reads, now, false);
  }

  /** `fresh`: for a write, the stored documents now rather than those read earlier in the request. */
  private async viewed(actor: Actor, id: string, reads: Reads, now: Date, fresh: boolean): Promise<Viewed> {
    const _id = toObjectId('id', id);
    const transcript = await (fresh ? reads.transcripts.fresh(_id) : reads.transcripts.get(_id));
    const interview = transcript && (await (fresh ? reads.interviews.fresh(transcript.interviewId) : reads.interviews.get(transcript.interviewId)));
    if (!transcript || !interview || !canViewInterview(actor, interview, now) || !canReadTranscript(actor, transcript)) {
      throw new NotFoundError('Transcript');
    }
    return { transcript, interview };
  }

  /** Through the per-request loader: a page of interviews costs one query for all their transcripts. */
  async ofInterview(actor: Actor, interview: InterviewDoc, reads: Reads, now = new Date()): Promise<TranscriptDoc[]> {
    // The Interview reached the viewer through a checked path already; checking again costs nothing.
    if (!canViewInterview(actor, interview, now)) return [];
    const docs = await reads.transcripts.ofInterview(interview._id);
    return readableTranscripts(actor, interview, docs);
  }

  /** The transcript this viewer is shown (transcript-choice.ts), in `language` if there is one. */
  async chosen(actor: Actor, interview: InterviewDoc, reads: Reads, language?: string | null, now = new Date()) {
    if (!canViewInterview(actor, interview, now)) return null;
    const docs = await reads.transcripts.ofInterview(interview._id);
    return chooseTranscript(actor, interview, docs, language);
  }

  async create(actor: Actor, input: CreateTranscriptInput, reads: Reads = createReads(this.models)): Promise<Viewed> {
    const interview = await this.editableInterview(actor, input.interviewId, reads);
    const language = checkLanguage('language', input.language);
    if (input.source !== 'manual' && input.source !== 'import') {
      throw new BadInputError('source', 'is manual or import; automatic drafts come from the transcription job');
    }
    const segments = newSegments('segments', input.segments, interview.durationSeconds ?? null);
    let transcript: TranscriptDoc;
    try {
      // Typed or imported by a person: `corrected`, so an automatic draft never replaces it.
      const created = await this.models.Transcript.create({
        interviewId: interview._id, language, source: input.source, status: 'corrected', segments,
      });
      transcript = created.toObject() as TranscriptDoc;
      reads.transcripts.saved(transcript);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw new BadInputError('language', `this interview already has a transcript in ${language}; edit that one`);
    }
    await this.recordRevision(actor, transcript, `Created (${input.source}, ${segments.length} segments)`, []);
    await this.audit.record(actor, 'transcript.create', { type: 'Transcript', id: transcript._id }, {
      after: { interviewId: String(interview._id), language, source: input.source, segmentCount: segments.length },
    });
    await this.copies?.restrictionsChanged(interview._id);
    reads.media.changed(interview._id);
    return { transcript, interview };
  }

  async edit(actor: Actor, input: EditTranscriptInput, reads: Reads = createReads(this.models)): Promise<Viewed> {
    return this.change(actor, input.id, input.version, input.summary ?? '', () => input.changes, reads);
  }

  async split(actor: Actor, args: SplitSegmentArgs, reads: Reads = createReads(this.models)): Promise<Viewed> {
    return this.change(actor, args.id, args.version, `Split a segment at ${args.at} s`, (s) => splitChanges(s, args), reads);
  }

  async merge(actor: Actor, args: MergeSegmentsArgs, reads: Reads = createReads(this.models)): Promise<Viewed> {
    return this.change(actor, args.id, args.version, 'Merged two segments', (s) => mergeChanges(s, args), reads);
  }

  async approve(actor: Actor, id: string, version: number, reads: Reads = createReads(this.models)): Promise<Viewed> {
    requireThat(actor, canPublish(actor), 'Only editors approve transcripts');
    const { transcript: before, interview } = await this.editable(actor, id, reads);
    if (before.version !== version) throw this.conflict(version, before.version);
    if (before.status === 'approved') return { transcript: before, interview };
    if (!before.segments.length) throw new BadInputError('id', 'an empty transcript cannot be approved');
    const transcript = await updateVersioned<TranscriptDoc>(this.models.Transcript, 'Transcript', before._id, version, {
      $set: { status: 'approved', approvedBy: toObjectId('userId', actor.userId!), approvedAt: new Date() },
    });
    reads.transcripts.saved(transcript);
    await this.recordRevision(actor, transcript, 'Approved', []);
    await this.audit.record(actor, 'transcript.approve', { type: 'Transcript', id: before._id, version: transcript.version }, {
      before: { status: before.status, version: before.version },
      after: { status: transcript.status, version: transcript.version },
    });
    return { transcript, interview };
  }

  /**
   * For the transcription job (no viewer): creates the transcript, or replaces it while it is still
   * an automatic draft. A person's work (corrected, approved) is never overwritten: the status is part
   * of the update filter, so the check and the write are one atomic step.
   */
  async saveAutomaticDraft(interviewId: string, language: string, segments: readonly SegmentFields[]): Promise<DraftResult> {
    const interviewOid = toObjectId('interviewId', interviewId);
    checkLanguage('language', language);
    const stored = newSegments('segments', segments);
    if (!(await this.models.Interview.exists({ _id: interviewOid }))) throw new NotFoundError('Interview');
    const key = { interviewId: interviewOid, language };
    // The interview's transcript in this language, through its list (a filter on interviewId scans every
    // transcript on FerretDB); after an insert the unique index refused, by key, in case the list lacks it.
    const current = async (afterRefusal: boolean) =>
      afterRefusal ? this.models.Transcript.findOne(key).lean<TranscriptDoc>() : ((await transcriptsOf(this.models, interviewOid)).find((t) => t.language === language) ?? null);
    // Through the version claim of updateVersioned: FerretDB does not make a conditional update atomic,
    // and an editor's correction of the same version must not be overwritten by a late draft.
    const replace = async (draft: TranscriptDoc) => {
      try {
        return await updateVersioned<TranscriptDoc>(this.models.Transcript, 'Transcript', draft._id, draft.version, {
          $set: { segments: stored, source: 'whisper' },
        });
      } catch (err) {
        if (err instanceof ConflictError) return null;
        throw err;
      }
    };
    // Two tries: a draft created by a concurrent run of the job between our update and insert is replaced.
    for (let attempt = 0; attempt < 2; attempt++) {
      const found = await current(attempt > 0);
      if (found && found.status !== 'automatic') return { outcome: 'kept', transcript: found };
      const replaced = found && (await replace(found));
      if (replaced) return this.drafted('replaced', replaced);
      try {
        const created = await this.models.Transcript.create({ ...key, status: 'automatic', source: 'whisper', segments: stored });
        return this.drafted('created', created.toObject() as TranscriptDoc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    const kept = await this.models.Transcript.findOne(key).lean<TranscriptDoc>();
    if (!kept) throw new Error(`transcript ${interviewId}/${language} vanished while saving a draft`);
    return { outcome: 'kept', transcript: kept };
  }

  /**
   * The history names people and shows earlier wording: staff and those who may edit the interview
   * see it; anyone else gets an empty list (like other staff-only fields, which are null for them).
   */
  async revisions(actor: Actor, viewed: Viewed, args: PageArgs): Promise<Page<TranscriptRevisionDoc>> {
    if (!canSeePersonalData(actor) && !canEditInterview(actor, viewed.interview)) return EMPTY_PAGE;
    return paginate<TranscriptRevisionDoc>(this.models.TranscriptRevision, { transcriptId: viewed.transcript._id }, args);
  }

  async contributor(reads: Reads, userId: string): Promise<Contributor> {
    const user = await reads.users.get(userId);
    return { id: userId, name: user?.name ?? 'Former user' };
  }

  /** Who approved it is personal data: staff only. */
  async approver(actor: Actor, transcript: TranscriptDoc, reads: Reads): Promise<Contributor | null> {
    if (!transcript.approvedBy || !canSeePersonalData(actor)) return null;
    return this.contributor(reads, String(transcript.approvedBy));
  }

  /**
   * The single path of every segment edit: checks against the version the editor read, applies the
   * changes in memory, and writes them in one findOneAndUpdate filtered on that version. Any error
   * comes before the write, so nothing is half-written.
   */
  private async change(
    actor: Actor,
    id: string,
    version: number,
    summary: string,
    build: (segments: readonly SegmentDoc[]) => readonly SegmentChange[],
    reads: Reads,
  ): Promise<Viewed> {
    const { transcript: before, interview } = await this.editable(actor, id, reads);
    // Stale: say so before checking the changes, which may name segments the other edit removed.
    if (before.version !== version) throw this.conflict(version, before.version);
    const applied = applyChanges(before.segments, build(before.segments), interview.durationSeconds ?? null);
    // By time, not by segment: deleting a restricted passage and adding it again open is loosening too.
    requireMayChangeAccess(actor, { parts: segmentParts(before.segments) }, { parts: segmentParts(applied.segments) });
    if (!applied.changes.length) return { transcript: before, interview };
    // Any edit makes a draft `corrected`, and takes an approved transcript back to `corrected` too.
    const transcript = await updateVersioned<TranscriptDoc>(this.models.Transcript, 'Transcript', before._id, version, {
      $set: { segments: applied.segments, status: 'corrected', approvedBy: null, approvedAt: null },
    });
    reads.transcripts.saved(transcript);
    const text = summary.trim() || describe(applied.changes);
    await this.recordRevision(actor, transcript, text, applied.changes);
    await this.audit.record(actor, 'transcript.edit', { type: 'Transcript', id: before._id, version: transcript.version }, {
      before: { status: before.status, version: before.version },
      after: { status: transcript.status, version: transcript.version, summary: text.slice(0, 200), changes: describe(applied.changes) },
    });
    await this.copies?.restrictionsChanged(interview._id);
    reads.media.changed(interview._id);
    return { transcript, interview };
  }

  private async recordRevision(actor: Actor, transcript: TranscriptDoc, summary: string, changes: RevisionChange[]) {
    await this.models.TranscriptRevision.create({
      transcriptId: transcript._id,
      interviewId: transcript.interviewId,
      version: transcript.version,
      by: toObjectId('userId', actor.userId!),
      at: transcript.updatedAt ?? new Date(),
      summary,
      changes,
    });
  }

  private drafted(outcome: 'created' | 'replaced', transcript: TranscriptDoc): Promise<DraftResult> {
    return this.audit
      .record(ANONYMOUS, `transcript.automatic.${outcome}`, { type: 'Transcript', id: transcript._id, version: outcome === 'replaced' ? transcript.version : undefined }, {
        after: { language: transcript.language, version: transcript.version, segmentCount: transcript.segments.length },
      })
      .then(() => ({ outcome, transcript }));
  }

  private conflict(expected: number, current: number) {
    return new ConflictError(
      `Transcript was changed by someone else (you edited version ${expected}, it is now ${current}); reload, and apply your change again`,
      { currentVersion: current },
    );
  }

  private async editable(actor: Actor, id: string, reads: Reads): Promise<Viewed> {
    const viewed = await this.viewed(actor, id, reads, new Date(), true);
    requireThat(actor, canEditInterview(actor, viewed.interview), 'Only the uploader of the interview or an editor may change its transcripts');
    return viewed;
  }

  /** Refuses (NOT_FOUND or FORBIDDEN) unless the actor may add a transcript to the interview. */
  async requireCanAddTo(actor: Actor, interviewId: string, reads: Reads = createReads(this.models)): Promise<void> {
    await this.editableInterview(actor, interviewId, reads);
  }

  private async editableInterview(actor: Actor, id: string, reads: Reads): Promise<InterviewDoc> {
    const interview = await reads.interviews.fresh(toObjectId('interviewId', id));
    if (!interview || !canViewInterview(actor, interview)) throw new NotFoundError('Interview');
    requireThat(actor, canEditInterview(actor, interview), 'Only the uploader of the interview or an editor may add transcripts');
    return interview;
  }
}

const segmentParts = (segments: readonly SegmentDoc[]) => segments.map((s) => ({ start: s.start, end: s.end, level: s.accessLevel ?? null }));
