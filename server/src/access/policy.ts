/**
 * The access policy: the one place that decides what a viewer may see and do.
 * Every resolver, HTTP route, export and search goes through these functions; the
 * database filter and the single-record check are built from the same rules and a
 * table-driven test proves they agree.
 */
import { Types } from 'mongoose';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { type Actor, type Grant, hasRole, isEditor, isSignedIn, isStaff } from './actor.js';
import { AccessLevel, Role, levelsUpTo, rank } from './levels.js';

export type WorkflowStatus = 'draft' | 'in_review' | 'published';

/** The fields of an interview the policy reads. */
export interface GuardedInterview {
  accessLevel: AccessLevel;
  status: WorkflowStatus;
  createdBy?: Types.ObjectId | string | null;
  release?: {
    /** The most open level the narrator's signed release allows; absent = no release recorded. */
    permits?: AccessLevel | null;
    embargoUntil?: Date | null;
    withdrawn?: boolean | null;
  } | null;
}

/** The most closed level a viewer is cleared for. */
export function clearance(actor: Actor): AccessLevel {
  if (isEditor(actor)) return AccessLevel.private;
  if (hasRole(actor, Role.researcher)) return AccessLevel.research;
  if (hasRole(actor, Role.teacher)) return AccessLevel.education;
  return AccessLevel.public;
}

/**
 * An interview is never more open than its release allows; without a recorded release it
 * is staff-only (oral-history practice: no release, never public).
 */
export function effectiveLevel(interview: GuardedInterview): AccessLevel {
  const permitted = interview.release?.permits ?? AccessLevel.research;
  return rank(permitted) > rank(interview.accessLevel) ? permitted : interview.accessLevel;
}

/**
 * Ownership is a staff member's right over what they uploaded, and lasts only while they are staff:
 * a researcher whose role is taken away keeps no owner's view. (A disabled user has no actor at all:
 * auth.actorForToken answers ANONYMOUS for any session of a user who is not active.)
 */
const isOwner = (actor: Actor, interview: GuardedInterview) =>
  isSignedIn(actor) && isStaff(actor) && interview.createdBy != null && String(interview.createdBy) === actor.userId;

export function isEmbargoed(interview: GuardedInterview, now: Date): boolean {
  const until = interview.release?.embargoUntil;
  return Boolean(until && until.getTime() > now.getTime());
}

/**
 * What a grant can open: the clearance an interview needs, when its existence may be known at all
 * (published, not withdrawn, not embargoed) and the release lets a wider circle see it (never
 * private). Null: nothing to grant.
 */
export function grantableLevel(interview: GuardedInterview, now = new Date()): AccessLevel | null {
  if (interview.status !== 'published' || interview.release?.withdrawn || isEmbargoed(interview, now)) return null;
  const needed = effectiveLevel(interview);
  return needed === AccessLevel.private ? null : needed;
}

/**
 * What a grant for one restricted passage or chapter opens: the clearance its level needs, when the
 * interview may be granted at all and the passage is not private (a private passage is the
 * narrator's and the editors' only). Null: nothing to grant.
 */
export function grantablePartLevel(interview: GuardedInterview, partLevel: AccessLevel | null | undefined, now = new Date()): AccessLevel | null {
  const base = grantableLevel(interview, now);
  if (!base || !partLevel || partLevel === AccessLevel.private) return null;
  return rank(partLevel) > rank(base) ? partLevel : base;
}

/** The grant this viewer holds for this interview today, if any (its end date is checked here, so it ends without an edit). */
export function activeGrant(actor: Actor, interview: GuardedInterview & { _id?: unknown }, now = new Date()): Grant | null {
  if (!actor.grants?.length || interview._id == null) return null;
  const id = String(interview._id);
  return actor.grants.find((g) => g.interviewId === id && g.until.getTime() > now.getTime()) ?? null;
}

/** The clearance a viewer has for one interview: their role's, or an open grant's, whichever is wider; never above research. */
export function clearanceFor(actor: Actor, interview: GuardedInterview & { _id?: unknown }, now = new Date()): AccessLevel {
  const own = clearance(actor);
  const grant = activeGrant(actor, interview, now);
  if (!grant || grantableLevel(interview, now) === null) return own;
  const granted = rank(grant.level) > rank(AccessLevel.research) ? AccessLevel.research : grant.level;
  return rank(granted) > rank(own) ? granted : own;
}

/**
 * Granted material is for viewing in the archive (a reading room): files that leave it (transcript
 * exports, OHMS, IIIF annotations, bags) are made for the viewer as if only the grants marked
 * "may download" were held.
 */
export const downloadViewer = (actor: Actor): Actor =>
  actor.grants?.length ? { ...actor, grants: actor.grants.filter((g) => g.mayDownload) } : actor;

export function canViewInterview(actor: Actor, interview: GuardedInterview & { _id?: unknown }, now = new Date()): boolean {
  if (isEditor(actor)) return true;
  // Withdrawal takes effect everywhere at once, for the uploader too; editors keep it to manage it.
  if (interview.release?.withdrawn) return false;
  if (isOwner(actor, interview)) return true;
  if (interview.status !== 'published') return false;
  if (isEmbargoed(interview, now)) return false;
  return rank(effectiveLevel(interview)) <= rank(clearanceFor(actor, interview, now));
}

/** The same rule as canViewInterview, as a database filter (for lists, counts and search). */
export function interviewVisibilityFilter(actor: Actor, now = new Date()): Record<string, unknown> {
  if (isEditor(actor)) return {};
  const levels = levelsUpTo(clearance(actor));
  const releasePermits: Record<string, unknown>[] = [{ 'release.permits': { $in: levels } }];
  if (levels.includes(AccessLevel.research)) releasePermits.push({ 'release.permits': null });
  const notWithdrawn = { 'release.withdrawn': { $ne: true } };
  const published = {
    $and: [
      notWithdrawn,
      { status: 'published' },
      { accessLevel: { $in: levels } },
      { $or: releasePermits },
      { $or: [{ 'release.embargoUntil': null }, { 'release.embargoUntil': { $lte: now } }] },
    ],
  };
  // An open grant opens one interview up to its level, under the same conditions as canViewInterview.
  const granted = (actor.grants ?? [])
    .filter((g) => g.until.getTime() > now.getTime() && rank(g.level) > rank(clearance(actor)))
    .map((g) => {
      const upTo = levelsUpTo(rank(g.level) > rank(AccessLevel.research) ? AccessLevel.research : g.level);
      const permits: Record<string, unknown>[] = [{ 'release.permits': { $in: upTo } }];
      if (upTo.includes(AccessLevel.research)) permits.push({ 'release.permits': null });
      return {
        $and: [
          { _id: new Types.ObjectId(g.interviewId) },
          notWithdrawn,
          { status: 'published' },
          { accessLevel: { $in: upTo } },
          { $or: permits },
          { $or: [{ 'release.embargoUntil': null }, { 'release.embargoUntil': { $lte: now } }] },
        ],
      };
    });
  const open = granted.length ? { $or: [published, ...granted] } : published;
  // The same ownership rule as isOwner: only staff own.
  if (!isSignedIn(actor) || !isStaff(actor)) return open;
  return { $or: [open, { $and: [notWithdrawn, { createdBy: new Types.ObjectId(actor.userId) }] }] };
}

/**
 * Interviews the public could once harvest and no longer may: public by level, then withdrawn or
 * unpublished. OAI-PMH answers them as deleted records, so harvesters drop their copies; interviews
 * that were never public are not listed, so their existence stays unconfirmed.
 */
export function goneFromPublicFilter(): Record<string, unknown> {
  return {
    accessLevel: AccessLevel.public,
    $or: [{ 'release.withdrawn': true }, { status: { $ne: 'published' }, unpublishedAt: { $ne: null } }],
  };
}

/** A restricted part (a transcript segment, an index segment) of an interview the viewer may see. */
export function canViewPart(actor: Actor, interview: GuardedInterview & { _id?: unknown }, partLevel?: AccessLevel | null, now = new Date()): boolean {
  if (!partLevel || partLevel === AccessLevel.public) return true;
  if (isEditor(actor) || isOwner(actor, interview)) return true;
  return rank(partLevel) <= rank(clearanceFor(actor, interview, now));
}

/**
 * A transcript nobody has approved yet (a machine draft, or a person's unreviewed work) is for staff
 * until an editor approves it: pages, exports, captions, class links and search all ask this.
 */
export function canReadTranscript(actor: Actor, transcript: { status?: string | null }): boolean {
  return transcript.status === 'approved' || isStaff(actor);
}

export function canCreateInterview(actor: Actor): boolean {
  return isStaff(actor);
}

/** Metadata, transcripts, index and media of an interview: its uploader or an editor. */
export function canEditInterview(actor: Actor, interview: GuardedInterview): boolean {
  return isEditor(actor) || (hasRole(actor, Role.researcher) && isOwner(actor, interview));
}

/** Publishing, access levels and withdrawals decide who sees testimony: editors only. */
export function canPublish(actor: Actor): boolean {
  return isEditor(actor);
}

/**
 * A recording added to a published interview by someone who may not publish would otherwise be heard
 * by the public minutes later, unheard by anyone else: it plays only to those who hear the full copy
 * (editors, the uploader) until an editor approves it. An editor's own upload is that editor's act.
 */
export function newRecordingAwaitsReview(uploader: Actor, interview: Pick<GuardedInterview, 'status'>): boolean {
  return interview.status === 'published' && !canPublish(uploader);
}

/** A restricted stretch of a recording (a transcript segment, a chapter), in seconds; end may be open. */
export interface RestrictedPart {
  start: number;
  end: number;
  level?: AccessLevel | null;
}

/** What decides who sees an interview and its parts; a write path fills in the fields it changes. */
export interface AccessState {
  accessLevel?: AccessLevel;
  status?: WorkflowStatus;
  release?: {
    permits?: AccessLevel | null;
    embargoUntil?: Date | null;
    restrictions?: string | null;
    withdrawn?: boolean | null;
  } | null;
  /** Compared only when both sides give them: every restricted stretch before must stay as closed after. */
  parts?: readonly RestrictedPart[];
}

/** A part without a level is as open as the interview: for comparison that is `public`. */
const partRank = (level?: AccessLevel | null) => rank(level ?? AccessLevel.public);

/**
 * The changes from `before` to `after` that show something to more people, now or later, by name
 * (empty when nothing loosens). Recording a first release loosens nothing by itself: the level
 * stays as it was, and opening it is setAccess's business. Restricted parts are compared by time,
 * not by id, so deleting a restricted passage and adding it again open, shortening or moving it,
 * or lowering its level are all loosening.
 */
export function loosenedBy(before: AccessState, after: AccessState, now = new Date()): string[] {
  const out: string[] = [];
  const level = (s: AccessState) =>
    effectiveLevel({ accessLevel: s.accessLevel ?? AccessLevel.private, status: 'draft', release: s.release });
  if (rank(level(after)) < rank(level(before))) out.push(after.accessLevel !== before.accessLevel ? 'accessLevel' : 'permits');
  const permitsBefore = before.release?.permits;
  const permitsAfter = after.release?.permits;
  if (permitsBefore && (!permitsAfter || rank(permitsAfter) < rank(permitsBefore)) && !out.includes('permits')) out.push('permits');
  const embargoBefore = before.release?.embargoUntil;
  const embargoAfter = after.release?.embargoUntil;
  if (embargoBefore && embargoBefore.getTime() > now.getTime() && (!embargoAfter || embargoAfter.getTime() < embargoBefore.getTime())) {
    out.push('embargoUntil');
  }
  const restrictionsBefore = (before.release?.restrictions ?? '').trim();
  if (restrictionsBefore && !(after.release?.restrictions ?? '').includes(restrictionsBefore)) out.push('restrictions');
  if (before.release?.withdrawn && !after.release?.withdrawn) out.push('withdrawn');
  if (before.status && after.status && before.status !== 'published' && after.status === 'published') out.push('status');
  if (before.parts && after.parts) {
    const opened = firstOpenedPart(before.parts, after.parts);
    if (opened >= 0) {
      const p = before.parts[opened]!;
      const end = Number.isFinite(p.end) ? `${p.end}` : 'end';
      out.push(`parts[${opened}] (the ${p.level} passage ${p.start}–${end} s)`);
    }
  }
  return out;
}

/**
 * The index (in `before`) of the first restricted part whose stretch is no longer wholly covered by
 * parts at least as closed, or -1. Per level, the closed stretches after the change are merged into
 * disjoint runs (sorted once), and each part is looked up by binary search: O(n log n).
 */
function firstOpenedPart(before: readonly RestrictedPart[], after: readonly RestrictedPart[]): number {
  const runsAtLeast = new Map<number, [number, number][]>();
  const runs = (r: number) => {
    let merged = runsAtLeast.get(r);
    if (merged) return merged;
    merged = [];
    const spans = after.filter((p) => partRank(p.level) >= r).map((p) => [p.start, p.end] as [number, number]).sort((a, b) => a[0] - b[0]);
    for (const [start, end] of spans) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    runsAtLeast.set(r, merged);
    return merged;
  };
  for (const [i, part] of before.entries()) {
    const r = partRank(part.level);
    if (r === 0 || part.end <= part.start) continue;
    const merged = runs(r);
    let lo = 0;
    let hi = merged.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (merged[mid]![0] <= part.start) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || merged[found]![1] < part.end) return i;
  }
  return -1;
}

/** Loosening access is an editor's act on every write path; a researcher-owner may tighten. */
export function canChangeAccess(actor: Actor, before: AccessState, after: AccessState, now = new Date()): boolean {
  return isEditor(actor) || loosenedBy(before, after, now).length === 0;
}

/** For write paths: FORBIDDEN naming the first loosened field, unless the actor is an editor. */
export function requireMayChangeAccess(actor: Actor, before: AccessState, after: AccessState, now = new Date()): void {
  if (isEditor(actor)) return;
  const loosened = loosenedBy(before, after, now);
  requireThat(actor, loosened.length === 0, `${loosened[0]}: only editors open access to more people; you may only close it further`);
}

/** Release documents and personal details of narrators are for staff. */
export function canSeePersonalData(actor: Actor): boolean {
  return isStaff(actor);
}

/**
 * A narrator's birth year, birthplace and ethnic identity in their own words identify a living
 * person: the public sees them only where the narrator agreed (detailsPublic); staff always.
 */
export function canSeeNarratorDetails(actor: Actor, narrator: { detailsPublic?: boolean | null }): boolean {
  return narrator.detailsPublic === true || canSeePersonalData(actor);
}

export function canEditVocabulary(actor: Actor): boolean {
  return isEditor(actor);
}

export function canEditNarrators(actor: Actor): boolean {
  return isStaff(actor);
}

/**
 * Narrators are living people known to the public only through their testimony: staff see every
 * narrator; anyone else only those named by an interview they may see, so a narrator whose only
 * interview is closed, embargoed, withdrawn or unpublished stays unknown. The caller supplies the
 * distinct narratorIds of the interviews matching a filter (the policy itself reads no database).
 */
export async function narratorVisibilityFilter(
  actor: Actor,
  narratorIdsOfInterviews: (interviewFilter: Record<string, unknown>) => Promise<Types.ObjectId[]>,
  now = new Date(),
): Promise<Record<string, unknown>> {
  if (canSeePersonalData(actor)) return {};
  return { _id: { $in: await narratorIdsOfInterviews(interviewVisibilityFilter(actor, now)) } };
}

/** The same rule for one narrator, decided in memory from the interviews naming them (already read). */
export function canViewNarratorThrough(actor: Actor, interviewsNamingThem: readonly (GuardedInterview & { _id?: unknown })[], now = new Date()): boolean {
  return canSeePersonalData(actor) || interviewsNamingThem.some((i) => canViewInterview(actor, i, now));
}

export function canManageUsers(actor: Actor): boolean {
  return hasRole(actor, Role.admin);
}

export function canReadAudit(actor: Actor): boolean {
  return isEditor(actor);
}

/** Which stored files failed their fixity check (keys and checksums): editors and admins. */
export function canReadFixity(actor: Actor): boolean {
  return isEditor(actor);
}

export interface GuardedCollection {
  status: 'draft' | 'published';
  createdBy?: Types.ObjectId | string | null;
}

export function canViewCollection(actor: Actor, collection: GuardedCollection): boolean {
  if (collection.status === 'published') return true;
  return isEditor(actor) || (isSignedIn(actor) && String(collection.createdBy) === actor.userId);
}

export function collectionVisibilityFilter(actor: Actor): Record<string, unknown> {
  if (isEditor(actor)) return {};
  if (!isSignedIn(actor)) return { status: 'published' };
  return { $or: [{ status: 'published' }, { createdBy: new Types.ObjectId(actor.userId) }] };
}

/** Editors curate collections; teachers build lessons of their own. */
export function canCreateCollection(actor: Actor): boolean {
  return isEditor(actor) || hasRole(actor, Role.teacher, Role.researcher);
}

export function canEditCollection(actor: Actor, collection: GuardedCollection): boolean {
  return isEditor(actor) || (isSignedIn(actor) && String(collection.createdBy) === actor.userId);
}

/** Only editors put a collection in front of the public. */
export function canPublishCollection(actor: Actor): boolean {
  return isEditor(actor);
}

/** A published collection has readers and shared links: editors take it down; an author discards a draft. */
export function canDeleteCollection(actor: Actor, collection: GuardedCollection): boolean {
  if (isEditor(actor)) return true;
  return collection.status === 'draft' && isSignedIn(actor) && String(collection.createdBy) === actor.userId;
}

/**
 * Who a class link stands for: a signed-in teacher with no ownership and no staff role. Pupils see
 * through a link exactly what such a teacher could see at this moment (canViewInterview and
 * canViewPart with this actor): public and education material, never research or private.
 */
export const CLASS_LINK_VIEWER: Actor = Object.freeze({ roles: Object.freeze([Role.teacher]) as readonly Role[] });

/**
 * The audience whose view a signed-in viewer's equals, or null when theirs is their own: a viewer with
 * no staff role (so owning nothing, isOwner) and no grant sees what CLASS_LINK_VIEWER sees (a teacher)
 * or what the public sees (a reader), apart from what is theirs by name (`me`, their requests, their
 * lessons). The audience cache (cache/anonymous-cache.ts) shares such views under the audience's name.
 */
export function sharedAudienceOf(actor: Actor): AccessLevel.public | AccessLevel.education | null {
  if (!isSignedIn(actor) || isStaff(actor) || actor.grants?.length) return null;
  return hasRole(actor, Role.teacher) ? AccessLevel.education : AccessLevel.public;
}

/** Sharing a lesson with a class is part of editing it. */
export function canManageClassLinks(actor: Actor, collection: GuardedCollection): boolean {
  return canEditCollection(actor, collection);
}

/** The fields of a class link and of its creator the policy reads. */
export interface GuardedClassLink {
  expiresAt: Date;
  revokedAt?: Date | null;
}
export interface ClassLinkCreator {
  status: string;
  roles: readonly Role[];
}

/**
 * A link works while it is neither expired nor revoked and its creator could still make it: an
 * active teacher or staff member. Checked on every request, so disabling a teacher closes their links.
 */
export function isClassLinkOpen(link: GuardedClassLink, creator: ClassLinkCreator | null, now = new Date()): boolean {
  if (link.revokedAt || link.expiresAt.getTime() <= now.getTime()) return false;
  if (!creator || creator.status !== 'active') return false;
  const who: Actor = { roles: creator.roles };
  return hasRole(who, Role.teacher) || isStaff(who);
}

export function requireSignedIn(actor: Actor): asserts actor is Actor & { userId: string } {
  if (!isSignedIn(actor)) throw new UnauthenticatedError();
}

/** Throws the right error: UNAUTHENTICATED for the public, FORBIDDEN for a signed-in user. */
export function requireThat(actor: Actor, allowed: boolean, message?: string): void {
  if (allowed) return;
  requireSignedIn(actor);
  throw new ForbiddenError(message);
}

/**
 * Which access copy of a recording a viewer hears. 'full' (nothing silenced) is for the people who
 * may hear every passage of this interview: editors and its uploader. Everyone else gets the copy cut
 * for their clearance, with the passages above it silenced (see access/withheld.ts).
 */
export type CopyAudience = 'full' | AccessLevel.public | AccessLevel.education | AccessLevel.research;
export const CUT_AUDIENCES = [AccessLevel.public, AccessLevel.education, AccessLevel.research] as const;

export function copyAudienceFor(actor: Actor, interview: GuardedInterview & { _id?: unknown }, now = new Date()): CopyAudience {
  if (isEditor(actor) || isOwner(actor, interview)) return 'full';
  const level = clearanceFor(actor, interview, now);
  return level === AccessLevel.private ? 'full' : level;
}

/**
 * The viewer a cut copy stands for: the worker asks canViewPart with this actor, so what a copy
 * silences is decided by the same rule as what the transcript hides.
 */
export function audienceViewer(audience: Exclude<CopyAudience, 'full'>): Actor {
  if (audience === AccessLevel.education) return CLASS_LINK_VIEWER;
  if (audience === AccessLevel.research) return { roles: [Role.researcher] };
  return { roles: [] };
}

/**
 * The audiences who may hear the interview (by its level and release) but hear silence in a part
 * at `partLevel`: what the studio tells editors about a restricted passage or chapter.
 */
export function silencedFor(interview: GuardedInterview, partLevel?: AccessLevel | null): Exclude<CopyAudience, 'full'>[] {
  const open = effectiveLevel(interview);
  return CUT_AUDIENCES.filter((a) => rank(a) >= rank(open) && !canViewPart(audienceViewer(a), interview, partLevel));
}
