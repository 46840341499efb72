/** Small hand-made documents for the search tests: invented sentences, no real testimony. */
import { AccessLevel } from '../../../server/src/access/levels.js';
import type { GuardedInterview } from '../../../server/src/access/policy.js';
import type { DocAccess, FacetValues, SegmentSearchDoc } from '../../../server/src/search/types.js';

export const publicInterview: GuardedInterview = {
  accessLevel: AccessLevel.public,
  status: 'published',
  release: { permits: AccessLevel.public, withdrawn: false },
};

export const researchInterview: GuardedInterview = {
  accessLevel: AccessLevel.research,
  status: 'published',
  release: { permits: AccessLevel.research, withdrawn: false },
};

export const everyone = () => true;

let counter = 0;

export function segment(
  text: string,
  options: { interviewId?: string; facets?: FacetValues; access?: DocAccess; recordedOn?: number; language?: string } = {},
): SegmentSearchDoc {
  const n = counter++;
  const interviewId = options.interviewId ?? 'i1';
  return {
    kind: 'segment',
    id: `seg:${interviewId}:${n}`,
    interviewId,
    segmentId: `${interviewId}:${n}`,
    start: n * 10,
    end: n * 10 + 9,
    text,
    language: options.language ?? 'kk',
    facets: options.facets ?? {},
    recordedOn: options.recordedOn ?? Date.UTC(2020, 0, 1),
    access: options.access ?? { interview: publicInterview },
  };
}
