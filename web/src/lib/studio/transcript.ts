/** The transcript editor's API calls (browser side) and the diff that turns edits into changes. */
import { gql } from './api.js';

export interface Segment {
  id: string;
  start: number;
  end: number;
  speaker: string | null;
  text: string;
  /** Audiences who hear silence in this passage (policy silencedFor); not edited here. */
  silencedFor?: string[];
}
export interface TranscriptState {
  id: string;
  version: number;
  status: string;
  segments: Segment[];
}

const FIELDS = 'id version status segments { id start end speaker text silencedFor }';

export const fetchTranscript = async (id: string) =>
  (await gql<{ transcript: TranscriptState }>(`query StudioFreshTranscript($id: ID!) { transcript(id: $id) { ${FIELDS} } }`, { id })).transcript;

export interface Change {
  segmentId: string;
  start?: number;
  end?: number;
  speaker?: string | null;
  text?: string;
}

/** Only the fields that differ from the base, per segment: what the editor actually changed. */
export function diff(base: Segment[], draft: Segment[]): Change[] {
  const byId = new Map(base.map((s) => [s.id, s]));
  const changes: Change[] = [];
  for (const seg of draft) {
    const was = byId.get(seg.id);
    if (!was) continue;
    const change: Change = { segmentId: seg.id };
    if (seg.text !== was.text) change.text = seg.text;
    if (seg.start !== was.start) change.start = seg.start;
    if (seg.end !== was.end) change.end = seg.end;
    if ((seg.speaker ?? '') !== (was.speaker ?? '')) change.speaker = seg.speaker || null;
    if (Object.keys(change).length > 1) changes.push(change);
  }
  return changes;
}

export const saveChanges = async (id: string, version: number, changes: Change[], summary: string) =>
  (
    await gql<{ editTranscript: TranscriptState }>(
      `mutation StudioEditTranscript($input: EditTranscriptInput!) { editTranscript(input: $input) { ${FIELDS} } }`,
      { input: { id, version, changes, summary } },
    )
  ).editTranscript;

export const split = async (id: string, version: number, segmentId: string, at: number, textBefore: string, textAfter: string) =>
  (
    await gql<{ splitSegment: TranscriptState }>(
      `mutation StudioSplit($id: ID!, $version: Int!, $segmentId: ID!, $at: Float!, $textBefore: String!, $textAfter: String!) {
        splitSegment(id: $id, version: $version, segmentId: $segmentId, at: $at, textBefore: $textBefore, textAfter: $textAfter) { ${FIELDS} } }`,
      { id, version, segmentId, at, textBefore, textAfter },
    )
  ).splitSegment;

export const merge = async (id: string, version: number, firstSegmentId: string, secondSegmentId: string) =>
  (
    await gql<{ mergeSegments: TranscriptState }>(
      `mutation StudioMerge($id: ID!, $version: Int!, $first: ID!, $second: ID!) {
        mergeSegments(id: $id, version: $version, firstSegmentId: $first, secondSegmentId: $second) { ${FIELDS} } }`,
      { id, version, first: firstSegmentId, second: secondSegmentId },
    )
  ).mergeSegments;

export const approve = async (id: string, version: number) =>
  (await gql<{ approveTranscript: TranscriptState }>(`mutation StudioApprove($id: ID!, $version: Int!) { approveTranscript(id: $id, version: $version) { ${FIELDS} } }`, { id, version }))
    .approveTranscript;
