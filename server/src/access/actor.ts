import { type AccessLevel, Role } from './levels.js';

/** Who is asking: a signed-in user, or nobody (the public). */
/** What an editor granted this viewer for one interview, until a date (access-requests/). */
export interface Grant {
  interviewId: string;
  level: AccessLevel;
  until: Date;
  mayDownload: boolean;
}

export interface Actor {
  userId?: string;
  roles: readonly Role[];
  /** The viewer's grants still open when the session was read; the policy checks their dates again. */
  grants?: readonly Grant[];
}

export const ANONYMOUS: Actor = Object.freeze({ roles: [] });
/** The worker's own writes (a fixity verdict, grants ended by a withdrawal): audited with no user. */
export const SYSTEM: Actor = Object.freeze({ roles: [] });

export const isSignedIn = (actor: Actor): actor is Actor & { userId: string } => Boolean(actor.userId);
export const hasRole = (actor: Actor, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r));
/** Staff: the people who build the archive, as opposed to teachers and the public who use it. */
export const isStaff = (actor: Actor) => hasRole(actor, Role.researcher, Role.editor, Role.admin);
export const isEditor = (actor: Actor) => hasRole(actor, Role.editor, Role.admin);
