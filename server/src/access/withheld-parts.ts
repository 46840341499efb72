/**
 * Where, in an interview a viewer may see, something is withheld from them: the restricted passages
 * (transcript segments) and chapters (index segments) canViewPart closes, as bare time ranges, and
 * whether a grant could open each (grantablePartLevel). Only where and that: the callers get no
 * text, title or level, so a mark on the page tells nothing of what it hides. Pure, like the rest of
 * the policy: the caller reads the documents (the transcripts the viewer may read) and has checked
 * that the viewer may see the interview.
 */
import type { Types } from 'mongoose';
import type { Actor } from './actor.js';
import { type AccessLevel, rank } from './levels.js';
import { type GuardedInterview, canViewPart, grantablePartLevel } from './policy.js';
import { type LeveledPart, chapterRanges } from './withheld.js';

export type WithheldKind = 'passage' | 'chapter';

export interface WithheldPart {
  partId: string;
  kind: WithheldKind;
  /** The transcript a passage belongs to (null for a chapter): the page marks it in that transcript. */
  transcriptId: string | null;
  start: number;
  end: number;
  /** A grant could open it: the release lets a wider circle see it (never a private part). */
  requestable: boolean;
  /** The viewer has an open request that a grant would open it with (a grant is the interview at a level). */
  asked: boolean;
}

type Identified = LeveledPart & { _id: Types.ObjectId };

export interface WithheldSource {
  interview: GuardedInterview & { _id: unknown; indexSegments?: readonly Identified[] | null; durationSeconds?: number | null };
  /** The transcripts the viewer may read (readableTranscripts): their closed passages are marked. */
  transcripts: readonly { _id: Types.ObjectId; segments: readonly Identified[] }[];
}

/** The viewer's withheld parts, chapters first, each list in time order. */
export function withheldParts(actor: Actor, { interview, transcripts }: WithheldSource, now = new Date(), askedLevels: readonly AccessLevel[] = []): WithheldPart[] {
  const mark = (kind: WithheldKind, transcriptId: string | null) => (part: Identified & { end?: number | null }): WithheldPart[] => {
    if (canViewPart(actor, interview, part.accessLevel, now)) return [];
    const level = grantablePartLevel(interview, part.accessLevel, now);
    return [{
      partId: part._id.toHexString(),
      kind,
      transcriptId,
      start: part.start,
      end: part.end ?? part.start,
      requestable: level !== null,
      asked: level !== null && askedLevels.some((asked) => rank(asked) >= rank(level)),
    }];
  };
  const chapters = chapterRanges(interview.indexSegments ?? [], interview.durationSeconds ?? null).flatMap(mark('chapter', null));
  const passages = transcripts.flatMap((t) => [...t.segments].sort((a, b) => a.start - b.start).flatMap(mark('passage', t._id.toHexString())));
  return [...chapters, ...passages];
}
