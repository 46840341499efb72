import type { Types } from 'mongoose';
import type { InterviewPartsDoc } from '../interviews/interview-parts.model.js';
import type { PartList } from '../interviews/interview-parts.js';
import type { AnyModel } from './models.js';
import { GroupLoader, type Id, RecordLoader } from './record-loaders.js';

type Part = { _id: Types.ObjectId; interviewId: Types.ObjectId };

/**
 * One request's records of one kind that belong to an interview (its transcripts, its media), reached
 * through the ids its list holds (interviews/interview-parts.ts): `_id` lookups, which FerretDB
 * answers from an index, where a read by `interviewId` would scan the collection. An interview whose
 * list is not complete is read by `interviewId`, as before.
 */
export class PartLoader<D extends Part> {
  readonly records: RecordLoader<D>;
  private readonly unlisted: GroupLoader<D>;

  constructor(model: AnyModel, private readonly field: PartList, private readonly lists: RecordLoader<InterviewPartsDoc>) {
    this.records = new RecordLoader<D>(model);
    this.unlisted = new GroupLoader<D>(model, 'interviewId');
  }

  async ofInterview(interviewId: Id): Promise<D[]> {
    const list = await this.lists.get(interviewId);
    if (!list?.complete) return this.unlisted.get(interviewId);
    const docs = await this.records.getMany(list[this.field] ?? []);
    // An id listed for a record whose insert never happened names nothing (getMany leaves it out).
    return docs.filter((d) => d.interviewId.equals(list._id)).sort((a, b) => a._id.toHexString().localeCompare(b._id.toHexString()));
  }

  /** After a write that may have added or removed one of the interview's records: the next read reads the list again. */
  changed(interviewId: Id): void {
    this.lists.forget(interviewId);
    this.unlisted.forget(interviewId);
  }
}
