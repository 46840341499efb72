import { describe, expect, it } from 'vitest';
import { AccessLevel } from '../../server/src/access/levels.js';
import {
  type AccessState,
  CLASS_LINK_VIEWER,
  canChangeAccess,
  canViewInterview,
  canViewPart,
  copyAudienceFor,
  downloadViewer,
  interviewVisibilityFilter,
  isClassLinkOpen,
  loosenedBy,
} from '../../server/src/access/policy.js';
import { Role } from '../../server/src/access/levels.js';
import type { Actor } from '../../server/src/access/actor.js';
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
  it('gets no owner rights, even for a draft its teacher uploaded (as a researcher, before losing the role)', () => {
    const interview = { ...interviewFor({ level: PUB, release: PUB, status: 'draft' }), createdBy: VIEWERS.teacher!.userId };
    expect(canViewInterview(VIEWERS.teacher!, interview, NOW)).toBe(false);
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

describe('ownership counts only while the owner is staff', () => {
  // The owner's id with other roles: a researcher whose role was removed (teacher, reader-like none).
  const formerOwners: [string, Role[]][] = [['teacher only', [Role.teacher]], ['no role', []]];
  for (const [title, roles] of formerOwners) {
    it(`a former researcher (${title}) sees their draft and private parts as anyone with those roles would`, () => {
      const former = { userId: VIEWERS.owner!.userId, roles };
      const draft = interviewFor({ level: PRIV, release: PUB, status: 'draft' });
      expect(canViewInterview(former, draft, NOW)).toBe(false);
      expect(canViewPart(former, interviewFor({ level: PUB, release: PUB }), PRIV)).toBe(false);
      // The database filter says the same: no createdBy branch for a non-staff actor.
      expect(JSON.stringify(interviewVisibilityFilter(former, NOW))).not.toContain('createdBy');
    });
  }
  it('a researcher-owner keeps the owner\'s view', () => {
    expect(canViewInterview(VIEWERS.owner!, interviewFor({ level: PRIV, release: PUB, status: 'draft' }), NOW)).toBe(true);
    expect(JSON.stringify(interviewVisibilityFilter(VIEWERS.owner!, NOW))).toContain('createdBy');
  });
});

describe('loosening: what a change opens to more people (editors only)', () => {
  const FUTURE = new Date(NOW.getTime() + 86_400_000 * 30);
  const SOON = new Date(NOW.getTime() + 86_400_000);
  const PAST = new Date(NOW.getTime() - 86_400_000);
  const base: AccessState = { accessLevel: RES, release: { permits: EDU, embargoUntil: FUTURE, restrictions: 'No names', withdrawn: false } };
  const withRelease = (r: Record<string, unknown>): AccessState => ({ ...base, release: { ...base.release, ...r } });
  const part = (start: number, end: number, level: AccessLevel | null = null) => ({ start, end, level });
  const cases: [string, AccessState, AccessState, string[]][] = [
    ['nothing changed', base, base, []],
    ['access level opened', base, { ...base, accessLevel: EDU }, ['accessLevel']],
    ['access level closed', base, { ...base, accessLevel: PRIV }, []],
    ['release permits more', base, withRelease({ permits: PUB }), ['permits']],
    ['release permits less', base, withRelease({ permits: RES }), []],
    ['first release recorded, level unchanged', { accessLevel: RES, release: null }, withRelease({ permits: PUB }), []],
    ['embargo cleared', base, withRelease({ embargoUntil: null }), ['embargoUntil']],
    ['embargo earlier', base, withRelease({ embargoUntil: SOON }), ['embargoUntil']],
    ['embargo later', base, withRelease({ embargoUntil: new Date(FUTURE.getTime() + 1) }), []],
    ['a lifted embargo cleared', withRelease({ embargoUntil: PAST }), withRelease({ embargoUntil: null }), []],
    ['restrictions removed', base, withRelease({ restrictions: null }), ['restrictions']],
    ['restrictions added to', base, withRelease({ restrictions: 'No names. No places.' }), []],
    ['reinstated after withdrawal', withRelease({ withdrawn: true }), base, ['withdrawn']],
    ['withdrawn', base, withRelease({ withdrawn: true }), []],
    ['published', { status: 'draft' }, { status: 'published' }, ['status']],
    ['restricted part lowered', { parts: [part(0, 5), part(5, 10, RES)] }, { parts: [part(0, 5), part(5, 10, EDU)] }, ['parts[1]']],
    ['restricted part deleted', { parts: [part(0, 5), part(5, 10, RES)] }, { parts: [part(0, 5)] }, ['parts[1]']],
    ['restricted part re-added open', { parts: [part(5, 10, RES)] }, { parts: [part(5, 10)] }, ['parts[0]']],
    ['restricted part moved', { parts: [part(5, 10, RES)] }, { parts: [part(6, 11, RES)] }, ['parts[0]']],
    ['restricted part shortened', { parts: [part(5, 10, RES)] }, { parts: [part(5, 9, RES)] }, ['parts[0]']],
    ['restricted part split in two at its level', { parts: [part(5, 10, RES)] }, { parts: [part(5, 7, RES), part(7, 10, RES)] }, []],
    ['restricted part merged into a stricter one', { parts: [part(5, 10, RES), part(10, 12, PRIV)] }, { parts: [part(5, 12, PRIV)] }, []],
    ['restricted part raised', { parts: [part(5, 10, EDU)] }, { parts: [part(5, 10, PRIV)] }, []],
    ['an open part deleted', { parts: [part(0, 5), part(5, 10, RES)] }, { parts: [part(5, 10, RES)] }, []],
    ['an open-ended chapter kept', { parts: [part(5, Infinity, PRIV)] }, { parts: [part(5, Infinity, PRIV)] }, []],
  ];
  const researcherOwner = VIEWERS.owner!;
  for (const [title, before, after, loosened] of cases) {
    it(`${title} → ${loosened.join(', ') || 'nothing loosened'}`, () => {
      expect(loosenedBy(before, after, NOW).map((f) => f.split(' ')[0])).toEqual(loosened);
      expect(canChangeAccess(researcherOwner, before, after, NOW)).toBe(loosened.length === 0);
      expect(canChangeAccess(VIEWERS.editor!, before, after, NOW)).toBe(true);
      expect(canChangeAccess(VIEWERS.admin!, before, after, NOW)).toBe(true);
    });
  }
});

it('names the passage that a change opens, with its level and times', () => {
  expect(loosenedBy({ parts: [{ start: 5, end: 10, level: AccessLevel.research }] }, { parts: [] }, NOW)).toEqual([
    'parts[0] (the research passage 5–10 s)',
  ]);
});

describe('access matrix, the grant dimension: a teacher granted research for one interview', () => {
  const ID = '64b000000000000000000001';
  const until = new Date(NOW.getTime() + 7 * 86_400_000);
  const granted = (level: AccessLevel, end = until): Actor => ({ ...VIEWERS.teacher!, grants: [{ interviewId: ID, level, until: end, mayDownload: false }] });
  const withId = (spec: CaseSpec) => ({ ...interviewFor(spec), _id: ID });
  // Columns: no grant, granted research, granted research but expired, granted for another interview.
  const GRANTS: [string, CaseSpec, string][] = [
    ['research, release allows research', { level: RES, release: RES }, 'NYNN'],
    ['education, release allows education (open to teachers anyway)', { level: EDU, release: EDU }, 'YYYY'],
    ['public, release allows research only', { level: PUB, release: RES }, 'NYNN'],
    ['research, no release recorded', { level: RES, release: null }, 'NYNN'],
    ['private: never granted', { level: PRIV, release: PUB }, 'NNNN'],
    ['research, release allows private only', { level: RES, release: PRIV }, 'NNNN'],
    ['research under embargo: not granted', { level: RES, release: RES, embargo: 'future' }, 'NNNN'],
    ['research, withdrawn: the grant ends at once', { level: RES, release: RES, withdrawn: true }, 'NNNN'],
    ['research draft: not granted', { level: RES, release: RES, status: 'draft' }, 'NNNN'],
  ];
  const actors: Actor[] = [
    VIEWERS.teacher!,
    granted(RES),
    granted(RES, new Date(NOW.getTime() - 1000)),
    { ...VIEWERS.teacher!, grants: [{ interviewId: '64b000000000000000000002', level: RES, until, mayDownload: false }] },
  ];
  for (const [title, spec, expected] of GRANTS) {
    it(title, () => {
      expect(actors.map((a) => (canViewInterview(a, withId(spec), NOW) ? 'Y' : 'N')).join('')).toBe(expected);
    });
  }
  it('a grant never reaches a private passage, opens research passages, and picks the research copy', () => {
    const interview = withId({ level: RES, release: RES });
    expect(canViewPart(granted(RES), interview, RES, NOW)).toBe(true);
    expect(canViewPart(granted(RES), interview, PRIV, NOW)).toBe(false);
    expect(canViewPart(VIEWERS.teacher!, interview, RES, NOW)).toBe(false);
    expect(copyAudienceFor(granted(RES), interview, NOW)).toBe(RES);
    expect(copyAudienceFor(VIEWERS.teacher!, interview, NOW)).toBe(EDU);
    // A grant recorded above research (never made by the service) is still capped at research.
    expect(canViewPart(granted(PRIV), interview, PRIV, NOW)).toBe(false);
  });
  it('the list filter holds the granted interview only while the grant is open', () => {
    expect(JSON.stringify(interviewVisibilityFilter(granted(RES), NOW))).toContain(ID);
    expect(JSON.stringify(interviewVisibilityFilter(granted(RES, new Date(NOW.getTime() - 1)), NOW))).not.toContain(ID);
  });
  it('files that leave the archive are made as if only "may download" grants were held', () => {
    const reader = granted(RES);
    expect(canViewInterview(downloadViewer(reader), withId({ level: RES, release: RES }), NOW)).toBe(false);
    const downloader: Actor = { ...reader, grants: reader.grants!.map((g) => ({ ...g, mayDownload: true })) };
    expect(canViewInterview(downloadViewer(downloader), withId({ level: RES, release: RES }), NOW)).toBe(true);
  });
});
