/**
 * The access policy as a search visibility predicate: the same functions that guard a single record
 * (canViewInterview, canViewPart, canViewCollection) decide each hit, so search is no second path.
 */
import type { Actor } from '../access/actor.js';
import { canReadTranscript, canViewCollection, canViewInterview, canViewNarratorThrough, canViewPart } from '../access/policy.js';
import type { DocAccess, Visibility } from './types.js';

export function visibilityFor(actor: Actor, now = new Date()): Visibility {
  return (access: DocAccess) => {
    if (access.interviews) {
      // A narrator: staff see all; others only through an interview they may see.
      return canViewNarratorThrough(actor, access.interviews, now);
    }
    if (access.collection && !canViewCollection(actor, access.collection)) return false;
    if (access.transcriptStatus !== undefined && !canReadTranscript(actor, { status: access.transcriptStatus })) return false;
    if (access.interview) {
      return canViewInterview(actor, access.interview, now) && canViewPart(actor, access.interview, access.partLevel);
    }
    // A document without access inputs is shown only if it is a collection that passed above.
    return Boolean(access.collection);
  };
}
