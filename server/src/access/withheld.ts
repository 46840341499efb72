/**
 * The passages of a recording an audience may not hear, as merged time ranges, and a fingerprint of
 * them. Pure: the API (to choose the copy it may serve) and the worker (to cut the copies) both call
 * these, so "what is silenced" and "what may be served" can never disagree.
 */
import { createHash } from 'node:crypto';
import type { AccessLevel } from './levels.js';
import { type CopyAudience, type GuardedInterview, audienceViewer, canViewPart } from './policy.js';

/** A stretch of a transcript or a chapter of the index, with its own level (null = as the interview). */
export interface LeveledPart {
  start: number;
  end?: number | null;
  accessLevel?: AccessLevel | null;
}

export interface TimeRange {
  start: number;
  end: number;
}

export interface RestrictionSource {
  interview: GuardedInterview & { indexSegments?: readonly LeveledPart[] | null };
  /** Every transcript of the interview, in every language: a passage closed in one is closed in sound. */
  transcripts: readonly { segments: readonly LeveledPart[] }[];
  /** Of the recording; ranges are cut at it, and an index chapter without an end runs to it. */
  durationSeconds: number | null;
}

// Milliseconds: a fingerprint must not change with floating-point noise.
const ms = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** An index chapter without an end runs to the next chapter's start, or to the end of the recording. */
export function chapterRanges<T extends LeveledPart>(chapters: readonly T[], duration: number | null): (T & { end: number })[] {
  const sorted = [...chapters].sort((a, b) => a.start - b.start);
  return sorted.map((c, i) => ({
    ...c,
    end: c.end ?? sorted.slice(i + 1).find((n) => n.start > c.start)?.start ?? duration ?? c.start,
  }));
}

/** The ranges `audience` may not hear, sorted and merged (touching or overlapping ranges become one). */
export function withheldRanges(source: RestrictionSource, audience: CopyAudience): TimeRange[] {
  if (audience === 'full') return [];
  const viewer = audienceViewer(audience);
  const { interview, durationSeconds: duration } = source;
  const parts = [...source.transcripts.flatMap((t) => t.segments), ...chapterRanges(interview.indexSegments ?? [], duration)];
  const closed: TimeRange[] = [];
  for (const part of parts) {
    if (canViewPart(viewer, interview, part.accessLevel)) continue;
    const start = Math.max(0, part.start);
    const end = duration != null ? Math.min(part.end ?? start, duration) : (part.end ?? start);
    if (end > start) closed.push({ start: ms(start), end: ms(end) });
  }
  closed.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TimeRange[] = [];
  for (const r of closed) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** Names a set of ranges: two copies with the same fingerprint silence exactly the same stretches. */
export function rangesFingerprint(ranges: readonly TimeRange[]): string {
  if (ranges.length === 0) return 'none';
  const text = ranges.map((r) => `${ms(r.start).toFixed(3)}-${ms(r.end).toFixed(3)}`).join(',');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** For every cut audience, its ranges and fingerprint (the worker makes one copy per distinct set). */
export function audienceCuts(source: RestrictionSource, audiences: readonly Exclude<CopyAudience, 'full'>[]) {
  return audiences.map((audience) => {
    const ranges = withheldRanges(source, audience);
    return { audience, ranges, fingerprint: rangesFingerprint(ranges) };
  });
}
