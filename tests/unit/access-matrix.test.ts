import { describe, expect, it } from 'vitest';
import { AccessLevel } from '../../server/src/access/levels.js';
import { canViewInterview, canViewPart } from '../../server/src/access/policy.js';
import { type CaseSpec, NOW, VIEWERS, interviewFor } from '../support/access-cases.js';

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
