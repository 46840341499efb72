/**
 * The one place where segment edits are checked and applied: editTranscript, splitSegment and
 * mergeSegments all become a list of changes that goes through applyChanges. Pure functions: the
 * service reads the stored transcript, calls these, and writes the result in one update.
 */
import { Types } from 'mongoose';
import { AccessLevel, rank } from '../access/levels.js';
import { toObjectId } from '../common/ids.js';
import { BadInputError } from '../errors.js';
import { checkRestrictedWithinRecording } from '../interviews/recording-bounds.js';
import type { SegmentDoc } from './transcript.model.js';

export const MAX_TEXT = 10_000;
export const MAX_SPEAKER = 200;
export const MAX_SEGMENTS = 20_000;
/** A primary language subtag only: one transcript per spoken language, so kk-Latn is still kk. */
const LANGUAGE = /^[a-z]{2,3}$/;

export interface SegmentFields {
  start: number;
  end: number;
  speaker?: string | null;
  text: string;
  accessLevel?: AccessLevel | null;
}

export interface SegmentChange {
  segmentId?: string | null;
  start?: number | null;
  end?: number | null;
  speaker?: string | null;
  text?: string | null;
  accessLevel?: AccessLevel | null;
  delete?: boolean | null;
}

export type Snapshot = Omit<SegmentDoc, '_id'>;
export interface RevisionChange {
  segmentId: Types.ObjectId;
  before: Snapshot | null;
  after: Snapshot | null;
}

export interface AppliedChanges {
  segments: SegmentDoc[];
  changes: RevisionChange[];
}

export function checkLanguage(field: string, value: string): string {
  if (typeof value !== 'string' || !LANGUAGE.test(value)) {
    throw new BadInputError(field, 'must be a lower-case language code of 2 or 3 letters (kk, ru, ug, ko …)');
  }
  return value;
}

export function checkText(field: string, value: string) {
  if (value.length > MAX_TEXT) throw new BadInputError(field, `is longer than ${MAX_TEXT} characters; split the segment`);
}

/** `durationSeconds`: of the recording, once known (null before the first probe, or for a draft). */
function checkSegment(field: string, s: SegmentFields, durationSeconds: number | null) {
  if (!Number.isFinite(s.start) || s.start < 0) throw new BadInputError(`${field}.start`, 'must be 0 or more seconds');
  if (!Number.isFinite(s.end) || s.end <= s.start) {
    throw new BadInputError(`${field}.end`, `must be after the start (${s.start} s)`);
  }
  if (typeof s.text !== 'string') throw new BadInputError(`${field}.text`, 'is required');
  checkText(`${field}.text`, s.text);
  if (s.speaker != null && s.speaker.length > MAX_SPEAKER) {
    throw new BadInputError(`${field}.speaker`, `is longer than ${MAX_SPEAKER} characters`);
  }
  if (s.accessLevel != null && !Object.values(AccessLevel).includes(s.accessLevel)) {
    throw new BadInputError(`${field}.accessLevel`, 'is not an access level');
  }
  checkRestrictedWithinRecording(field, s, durationSeconds);
}

const snapshot = (s: SegmentDoc): Snapshot => ({
  start: s.start,
  end: s.end,
  speaker: s.speaker ?? null,
  text: s.text ?? '',
  accessLevel: s.accessLevel ?? null,
});

const sameSnapshot = (a: Snapshot, b: Snapshot) => JSON.stringify(a) === JSON.stringify(b);

/** A segment without a level is as open as the interview: for comparison that is `public`. */
const levelRank = (level?: AccessLevel | null) => rank(level ?? AccessLevel.public);

const byTime = (a: SegmentDoc, b: SegmentDoc) => a.start - b.start || a.end - b.end;

/** Whole list of segments (create, automatic draft): checked in the order given, which must be time order. */
export function newSegments(field: string, input: readonly SegmentFields[], durationSeconds: number | null = null): SegmentDoc[] {
  if (input.length > MAX_SEGMENTS) throw new BadInputError(field, `has more than ${MAX_SEGMENTS} segments`);
  const out: SegmentDoc[] = [];
  input.forEach((s, i) => {
    const seg: SegmentDoc = {
      _id: new Types.ObjectId(),
      start: s.start,
      end: s.end,
      speaker: s.speaker ?? null,
      text: s.text,
      accessLevel: s.accessLevel ?? null,
    };
    checkSegment(`${field}[${i}]`, seg, durationSeconds);
    const prev = out[i - 1];
    if (prev && seg.start < prev.end) {
      throw new BadInputError(`${field}[${i}].start`, `overlaps or comes before the segment before it (${prev.start}–${prev.end} s)`);
    }
    out.push(seg);
  });
  return out;
}

/** Applies changes to the stored segments; throws BAD_USER_INPUT naming the change, before anything is written. */
export function applyChanges(current: readonly SegmentDoc[], input: readonly SegmentChange[], durationSeconds: number | null = null): AppliedChanges {
  const segments = new Map(current.map((s) => [s._id.toHexString(), { ...s }]));
  const changedBy = new Map<string, number>();
  const changes: RevisionChange[] = [];

  input.forEach((c, i) => {
    const f = `changes[${i}]`;
    if (c.segmentId == null) {
      if (c.delete) throw new BadInputError(`${f}.delete`, 'a new segment (without segmentId) cannot be deleted');
      if (c.start == null) throw new BadInputError(`${f}.start`, 'is required for a new segment');
      if (c.end == null) throw new BadInputError(`${f}.end`, 'is required for a new segment');
      const added: SegmentDoc = {
        _id: new Types.ObjectId(),
        start: c.start,
        end: c.end,
        speaker: c.speaker ?? null,
        text: c.text ?? '',
        accessLevel: c.accessLevel ?? null,
      };
      checkSegment(f, added, durationSeconds);
      segments.set(added._id.toHexString(), added);
      changedBy.set(added._id.toHexString(), i);
      changes.push({ segmentId: added._id, before: null, after: snapshot(added) });
      return;
    }
    const id = toObjectId(`${f}.segmentId`, c.segmentId).toHexString();
    if (changedBy.has(id)) {
      throw new BadInputError(`${f}.segmentId`, `changes[${changedBy.get(id)}] already changes this segment; combine them`);
    }
    const before = segments.get(id);
    if (!before) throw new BadInputError(`${f}.segmentId`, 'is not a segment of this transcript (reload it?)');
    changedBy.set(id, i);
    if (c.delete) {
      segments.delete(id);
      changes.push({ segmentId: before._id, before: snapshot(before), after: null });
      return;
    }
    // undefined = not sent, keep; null clears only where clearing means something (speaker, level).
    const after: SegmentDoc = {
      _id: before._id,
      start: c.start ?? before.start,
      end: c.end ?? before.end,
      speaker: c.speaker !== undefined ? c.speaker : (before.speaker ?? null),
      text: c.text ?? before.text ?? '',
      accessLevel: c.accessLevel !== undefined ? c.accessLevel : (before.accessLevel ?? null),
    };
    checkSegment(f, after, durationSeconds);
    if (sameSnapshot(snapshot(before), snapshot(after))) return;
    segments.set(id, after);
    changes.push({ segmentId: before._id, before: snapshot(before), after: snapshot(after) });
  });

  const result = [...segments.values()].sort(byTime);
  if (result.length > MAX_SEGMENTS) throw new BadInputError('changes', `the transcript would have more than ${MAX_SEGMENTS} segments`);
  checkNoOverlap(result, changedBy);
  return { segments: result, changes };
}

/** Names the change that caused an overlap: the later segment's start, or else the earlier one's end. */
function checkNoOverlap(sorted: readonly SegmentDoc[], changedBy: ReadonlyMap<string, number>) {
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const seg = sorted[k]!;
    if (seg.start >= prev.end) continue;
    const later = changedBy.get(seg._id.toHexString());
    const earlier = changedBy.get(prev._id.toHexString());
    const field = later !== undefined ? `changes[${later}].start` : earlier !== undefined ? `changes[${earlier}].end` : 'changes';
    throw new BadInputError(field, `segments would overlap (${prev.start}–${prev.end} s and ${seg.start}–${seg.end} s)`);
  }
}

function findSegment(segments: readonly SegmentDoc[], field: string, id: string) {
  const hex = toObjectId(field, id).toHexString();
  const index = segments.findIndex((s) => s._id.toHexString() === hex);
  if (index < 0) throw new BadInputError(field, 'is not a segment of this transcript (reload it?)');
  return { index, segment: segments[index]! };
}

/** A split is two changes: the segment ends at `at`, a new one with the same speaker and level starts there. */
export function splitChanges(
  segments: readonly SegmentDoc[],
  args: { segmentId: string; at: number; textBefore: string; textAfter: string },
): SegmentChange[] {
  const { segment } = findSegment(segments, 'segmentId', args.segmentId);
  if (!Number.isFinite(args.at) || args.at <= segment.start || args.at >= segment.end) {
    throw new BadInputError('at', `must fall inside the segment (${segment.start}–${segment.end} s)`);
  }
  checkText('textBefore', args.textBefore);
  checkText('textAfter', args.textAfter);
  return [
    { segmentId: args.segmentId, end: args.at, text: args.textBefore },
    {
      start: args.at,
      end: segment.end,
      speaker: segment.speaker ?? null,
      text: args.textAfter,
      accessLevel: segment.accessLevel ?? null,
    },
  ];
}

/**
 * A merge joins a segment with the next one. The result keeps the stricter access level of the two,
 * so merging never opens a restricted passage; two different speakers are refused, since one of them
 * would lose the words.
 */
export function mergeChanges(
  segments: readonly SegmentDoc[],
  args: { firstSegmentId: string; secondSegmentId: string },
): SegmentChange[] {
  const sorted = [...segments].sort(byTime);
  const first = findSegment(sorted, 'firstSegmentId', args.firstSegmentId);
  const second = findSegment(sorted, 'secondSegmentId', args.secondSegmentId);
  if (second.index !== first.index + 1) {
    throw new BadInputError('secondSegmentId', 'must be the segment right after firstSegmentId');
  }
  const a = first.segment;
  const b = second.segment;
  if (a.speaker && b.speaker && a.speaker !== b.speaker) {
    throw new BadInputError('secondSegmentId', `is spoken by ${b.speaker}, not ${a.speaker}; change the speaker first`);
  }
  const text = [a.text, b.text].filter((t) => t && t.trim()).join(' ');
  if (text.length > MAX_TEXT) throw new BadInputError('secondSegmentId', `the merged text would be longer than ${MAX_TEXT} characters`);
  const accessLevel = levelRank(b.accessLevel) > levelRank(a.accessLevel) ? (b.accessLevel ?? null) : (a.accessLevel ?? null);
  return [
    { segmentId: args.firstSegmentId, end: Math.max(a.end, b.end), text, speaker: a.speaker ?? b.speaker ?? null, accessLevel },
    { segmentId: args.secondSegmentId, delete: true },
  ];
}
