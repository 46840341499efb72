import { Types } from 'mongoose';
import type { Actor } from '../../server/src/access/actor.js';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import type { GuardedInterview, WorkflowStatus } from '../../server/src/access/policy.js';

export const OWNER_ID = new Types.ObjectId().toHexString();
export const NOW = new Date('2026-06-01T00:00:00Z');
const FUTURE = new Date('2027-01-01T00:00:00Z');
const PAST = new Date('2025-01-01T00:00:00Z');

/** The viewers of the access matrix, in the column order of its table. */
export const VIEWERS: Record<string, Actor> = {
  anonymous: { roles: [] },
  teacher: { userId: new Types.ObjectId().toHexString(), roles: [Role.teacher] },
  researcher: { userId: new Types.ObjectId().toHexString(), roles: [Role.researcher] },
  owner: { userId: OWNER_ID, roles: [Role.researcher] },
  editor: { userId: new Types.ObjectId().toHexString(), roles: [Role.editor] },
  admin: { userId: new Types.ObjectId().toHexString(), roles: [Role.admin] },
};

export interface CaseSpec {
  level: AccessLevel;
  release?: AccessLevel | null;
  status?: WorkflowStatus;
  embargo?: 'future' | 'past';
  withdrawn?: boolean;
}

export function interviewFor(spec: CaseSpec): GuardedInterview {
  return {
    accessLevel: spec.level,
    status: spec.status ?? 'published',
    createdBy: OWNER_ID,
    release:
      spec.release === undefined || spec.release === null
        ? spec.withdrawn
          ? { withdrawn: true }
          : null
        : {
            permits: spec.release,
            embargoUntil: spec.embargo === 'future' ? FUTURE : spec.embargo === 'past' ? PAST : null,
            withdrawn: Boolean(spec.withdrawn),
          },
  };
}

/** Every combination of level × release × status × embargo × withdrawal. */
export function allCases(): CaseSpec[] {
  const out: CaseSpec[] = [];
  const levels = Object.values(AccessLevel);
  for (const level of levels)
    for (const release of [null, ...levels.slice(0, 3)])
      for (const status of ['draft', 'in_review', 'published'] as const)
        for (const embargo of [undefined, 'future', 'past'] as const)
          for (const withdrawn of [false, true]) {
            if (!release && (embargo || withdrawn)) continue;
            out.push({ level, release, status, embargo, withdrawn });
          }
  return out;
}
