/**
 * Whose interview page may be shared (policy.ts, sharedAudienceOf; the audience cache keeps it under
 * that name): only a signed-in viewer with no staff role and no grant, and never with the public.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../server/src/access/actor.js';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { sharedAudienceOf } from '../../server/src/access/policy.js';

const grant = { interviewId: '66e2e0000000000000000101', level: AccessLevel.research, until: new Date('2030-01-01'), mayDownload: false };
const signedIn = (roles: Role[], grants?: Actor['grants']): Actor => ({ userId: '66e2e0000000000000000f01', roles, ...(grants ? { grants } : {}) });

describe('sharedAudienceOf', () => {
  it('names the education audience for a teacher and the public one for a reader', () => {
    expect(sharedAudienceOf(signedIn([Role.teacher]))).toBe(AccessLevel.education);
    expect(sharedAudienceOf(signedIn([Role.reader]))).toBe(AccessLevel.public);
  });

  it('shares nothing of the anonymous, of staff, or of a viewer holding a grant', () => {
    expect(sharedAudienceOf({ roles: [] })).toBeNull();
    for (const role of [Role.researcher, Role.editor, Role.admin]) expect(sharedAudienceOf(signedIn([role]))).toBeNull();
    expect(sharedAudienceOf(signedIn([Role.teacher, Role.editor]))).toBeNull();
    expect(sharedAudienceOf(signedIn([Role.teacher], [grant]))).toBeNull();
    expect(sharedAudienceOf(signedIn([Role.reader], [grant]))).toBeNull();
    // An empty list is no grant.
    expect(sharedAudienceOf(signedIn([Role.teacher], []))).toBe(AccessLevel.education);
  });
});
