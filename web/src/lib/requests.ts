import { clock } from '$lib/format.js';
import { m } from '$lib/paraglide/messages.js';

/**
 * What an access request asks for, as the requester's list and the editors' queue both name it: a
 * passage or chapter with its time range (its start only when the part is gone), or null for the
 * whole interview.
 */
export function requestedPart(r: { partKind: string | null; partStart: number | null; partEnd: number | null }): string | null {
  if (r.partStart == null) return null;
  const chapter = r.partKind === 'chapter';
  if (r.partEnd != null && r.partEnd > r.partStart) {
    return (chapter ? m.requests_part_chapter : m.requests_part_passage)({ from: clock(r.partStart), to: clock(r.partEnd) });
  }
  return (chapter ? m.requests_chapter : m.requests_passage)({ time: clock(r.partStart) });
}

/** A request's state in words, for the state line and the queue's filter. */
export const STATE_LABELS = { requested: m.state_requested, granted: m.state_granted, refused: m.state_refused, ended: m.state_ended };
export type RequestStateName = keyof typeof STATE_LABELS;
