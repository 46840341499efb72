import { describe, expect, it } from 'vitest';
import { AccessLevel } from '../../server/src/access/levels.js';
import { CLASS_LINK_VIEWER, canViewInterview, canViewPart, isClassLinkOpen } from '../../server/src/access/policy.js';
import { Role } from '../../server/src/access/levels.js';
import { type CaseSpec, NOW, VIEWERS, allCases, interviewFor } from '../support/access-cases.js';

const { public: PUB, education: EDU, research: RES, private: PRIV } = AccessLevel;

// Columns: anonymous, teacher, researcher (not the uploader), owner (the uploader), editor, admin.
const MATRIX: [string, CaseSpec, string][] = [
  ['public, release allows public', { level: PUB, release: PUB }, 'YYYYYY'],
  ['public, no release recorded: never public', { level: PUB, release: null }, 'NNYYYY'],
  ['public, release allows education only', { level: PUB, release: EDU }, 'NYYYYY'],
  ['public, release allows research only', { level: PUB, release: RES }, 'NNYYYY'],
  ['education, release allows public', { level: EDU, release: PUB }, 'NYYYYY'],
  ['research, release allows public', { level: RES, release: PUB }, 'NNYYYY'],
  ['private, release allows public', { level: PRIV, release: PUB }, 'NNNYYY'],
  ['research, no release', { level: RES, release: null }, 'NNYYYY'],
  ['draft', { level: PUB, release: PUB, status: 'draft' }, 'NNNYYY'],
  ['in review', { level: PUB, release: PUB, status: 'in_review' }, 'NNNYYY'],
  ['embargo until a future date', { level: PUB, release: PUB, embargo: 'future' }, 'NNNYYY'],
  ['embargo date passed', { level: PUB, release: PUB, embargo: 'past' }, 'YYYYYY'],
  ['education under embargo', { level: EDU, release: EDU, embargo: 'future' }, 'NNNYYY'],
  ['withdrawn: closed even to the uploader', { level: PUB, release: PUB, withdrawn: true }, 'NNNNYY'],
  ['education, withdrawn', { level: EDU, release: PUB, withdrawn: true }, 'NNNNYY'],
  ['private draft without release', { level: PRIV, release: null, status: 'draft' }, 'NNNYYY'],
];

describe('access matrix: roles × access levels × release × embargo × withdrawal', () => {
  const names = Object.keys(VIEWERS);
  for (const [title, spec, expected] of MATRIX) {
    it(title, () => {
      const got = names.map((n) => (canViewInterview(VIEWERS[n]!, interviewFor(spec), NOW) ? 'Y' : 'N')).join('');
      expect(`${got} (${names.join(' ')})`).toBe(`${expected} (${names.join(' ')})`);
    });
  }
});

describe('restricted parts of a visible interview', () => {
  const interview = interviewFor({ level: PUB, release: PUB });
  it.each([
    ['anonymous', null, true],
    ['anonymous', EDU, false],
    ['teacher', EDU, true],
    ['teacher', RES, false],
    ['researcher', RES, true],
    ['researcher', PRIV, false],
    ['owner', PRIV, true],
    ['editor', PRIV, true],
  ] as const)('%s, part level %s → %s', (viewer, level, visible) => {
    expect(canViewPart(VIEWERS[viewer]!, interview, level)).toBe(visible);
  });
});

describe('through a class link: what a teacher without ownership or staff role sees, now', () => {
  // The same rows as the matrix above: the link's column must be the teacher's (Y only where teacher is Y).
  for (const [title, spec, expected] of MATRIX) {
    it(`${title} → ${expected[1]}`, () => {
      expect(canViewInterview(CLASS_LINK_VIEWER, interviewFor(spec), NOW)).toBe(expected[1] === 'Y');
    });
  }
  it('agrees with a teacher on every combination of level, release, status, embargo and withdrawal', () => {
    for (const spec of allCases()) {
      const interview = interviewFor(spec);
      expect(canViewInterview(CLASS_LINK_VIEWER, interview, NOW), JSON.stringify(spec)).toBe(canViewInterview(VIEWERS.teacher!, interview, NOW));
    }
  });
  it('gets no owner rights, even for a draft its teacher uploaded', () => {
    const interview = { ...interviewFor({ level: PUB, release: PUB, status: 'draft' }), createdBy: VIEWERS.teacher!.userId };
    expect(canViewInterview(VIEWERS.teacher!, interview, NOW)).toBe(true);
    expect(canViewInterview(CLASS_LINK_VIEWER, interview, NOW)).toBe(false);
  });
  it.each([[null, true], [PUB, true], [EDU, true], [RES, false], [PRIV, false]] as const)('a part of level %s → %s', (level, visible) => {
    expect(canViewPart(CLASS_LINK_VIEWER, interviewFor({ level: PUB, release: PUB }), level)).toBe(visible);
  });
});

describe('whether a class link is open', () => {
  const later = new Date(NOW.getTime() + 86_400_000);
  const earlier = new Date(NOW.getTime() - 1);
  const active = (roles: Role[]) => ({ status: 'active', roles });
  it.each([
    ['a teacher’s live link', { expiresAt: later }, active([Role.teacher]), true],
    ['an editor’s live link', { expiresAt: later }, active([Role.editor]), true],
    ['a researcher’s live link', { expiresAt: later }, active([Role.researcher]), true],
    ['expired', { expiresAt: earlier }, active([Role.teacher]), false],
    ['expiring this very moment', { expiresAt: NOW }, active([Role.teacher]), false],
    ['revoked', { expiresAt: later, revokedAt: earlier }, active([Role.teacher]), false],
    ['creator disabled', { expiresAt: later }, { status: 'disabled', roles: [Role.teacher] }, false],
    ['creator lost every role', { expiresAt: later }, active([]), false],
    ['creator deleted', { expiresAt: later }, null, false],
  ] as const)('%s → %s', (_title, link, creator, open) => {
    expect(isClassLinkOpen(link, creator, NOW)).toBe(open);
  });
});
