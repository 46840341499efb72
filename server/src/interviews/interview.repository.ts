import { RecordLoader } from '../db/record-loaders.js';
import type { Models } from '../db/models.js';
import type { InterviewDoc } from './interview.model.js';

/**
 * One request's reads of interviews: each interview is read at most once per request, whoever asks
 * (the page's fields, a collection's blocks, a search hit, an export route). Access is the caller's
 * job (access/policy.ts); this only reads. A write reads its "before" with `fresh` and hands its
 * result to `saved`.
 */
export class InterviewRepository extends RecordLoader<InterviewDoc> {
  constructor(models: Models) {
    super(models.Interview);
  }
}
