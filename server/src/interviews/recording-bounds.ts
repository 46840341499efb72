/**
 * A restricted passage (a transcript segment or an index chapter with a level of its own) promises
 * that some audiences hear silence there. One that runs past the end of the recording names sound
 * that does not exist, so it is refused when saved instead of being cut short unnoticed by the copies.
 */
import type { AccessLevel } from '../access/levels.js';
import { BadInputError } from '../errors.js';

export function checkRestrictedWithinRecording(
  field: string,
  part: { end?: number | null; accessLevel?: AccessLevel | null },
  durationSeconds: number | null | undefined,
) {
  if (part.accessLevel == null || durationSeconds == null || part.end == null) return;
  if (part.end > durationSeconds) {
    throw new BadInputError(`${field}.end`, `the restricted passage runs past the end of the recording (${durationSeconds} s)`);
  }
}
