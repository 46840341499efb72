import type { Types } from 'mongoose';
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
  private readonly narratorsOf = new Map<string, Promise<Types.ObjectId[]>>();

  constructor(private readonly models: Models) {
    super(models.Interview);
  }

  /**
   * The narrators named by the interviews matching a filter (the narrator policy's visible set):
   * asked once per request and filter, however many narrators the request checks.
   */
  narratorIds(filter: Record<string, unknown>): Promise<Types.ObjectId[]> {
    const key = JSON.stringify(filter);
    let found = this.narratorsOf.get(key);
    if (!found) {
      found = this.models.Interview.distinct('narratorIds', filter).exec() as Promise<Types.ObjectId[]>;
      this.narratorsOf.set(key, found);
    }
    return found;
  }
}
