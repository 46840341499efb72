/**
 * What the editors' queue and the requester's own page show of a page of requests beyond the
 * request itself: the interview's title (only when the viewer may see the interview, so a reader
 * whose request was refused is shown no more than the withheld notice showed them) and where an
 * asked passage or chapter ends. Through the request's repositories (db/reads.ts), never a query per
 * request: the interviews by `_id`, and the transcripts of the interviews whose passages were asked
 * through their lists (a filter on the transcripts would scan them all on FerretDB).
 */
import type { Actor } from '../access/actor.js';
import { canViewInterview } from '../access/policy.js';
import { chapterRanges } from '../access/withheld.js';
import type { Localized } from '../common/localized.js';
import type { Reads } from '../db/reads.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { AccessRequestDoc } from './access-request.model.js';

export interface RequestDetails {
  title: Localized | null;
  /** Where the asked part ends, in seconds; null for a whole interview or a part no longer there. */
  partEnd: number | null;
}

export async function requestDetails(
  reads: Pick<Reads, 'interviews' | 'transcripts'>,
  actor: Actor,
  requests: readonly AccessRequestDoc[],
  now: Date,
): Promise<Map<string, RequestDetails>> {
  const interviewIds = [...new Set(requests.map((r) => r.interviewId.toHexString()))];
  const interviews = new Map<string, InterviewDoc>((await reads.interviews.getMany(interviewIds)).map((d) => [d._id.toHexString(), d]));
  const passageEnds = await segmentEnds(reads, requests);
  const details = new Map<string, RequestDetails>();
  for (const r of requests) {
    const interview = interviews.get(r.interviewId.toHexString());
    const title = interview && canViewInterview(actor, interview, now) ? (interview.title ?? null) : null;
    let partEnd: number | null = null;
    if (r.part?.kind === 'segment') partEnd = passageEnds.get(r.part.id.toHexString()) ?? null;
    if (r.part?.kind === 'chapter' && interview) {
      const chapter = chapterRanges(interview.indexSegments ?? [], interview.durationSeconds ?? null).find((c) => c._id?.equals(r.part!.id));
      partEnd = chapter?.end ?? null;
    }
    details.set(r._id.toHexString(), { title, partEnd });
  }
  return details;
}

/** The ends of the asked passages, from the approved transcripts of their interviews. */
async function segmentEnds(reads: Pick<Reads, 'transcripts'>, requests: readonly AccessRequestDoc[]): Promise<Map<string, number>> {
  const asked = requests.filter((r) => r.part?.kind === 'segment');
  if (!asked.length) return new Map();
  const ids = new Set(asked.map((r) => r.part!.id.toHexString()));
  const interviewIds = [...new Set(asked.map((r) => r.interviewId.toHexString()))];
  const transcripts = (await Promise.all(interviewIds.map((id) => reads.transcripts.ofInterview(id)))).flat();
  const ends = new Map<string, number>();
  for (const t of transcripts) {
    if (t.status !== 'approved') continue;
    for (const s of t.segments) if (ids.has(s._id.toHexString())) ends.set(s._id.toHexString(), s.end);
  }
  return ends;
}
