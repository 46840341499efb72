import DataLoader from 'dataloader';
import type { Types } from 'mongoose';
import { type Page, type PageArgs, paginate } from '../common/pagination.js';
import { findByIds } from './id-lookup.js';
import type { AnyModel } from './models.js';

type Doc = { _id: Types.ObjectId };
export type Id = string | Types.ObjectId;

const key = (id: Id) => String(id);

/**
 * One request's records of one collection by `_id`: every id asked for in the same tick is read
 * together (one query on MongoDB, one lookup each on FerretDB: id-lookup.ts), and each record at
 * most once per request. A write primes (or forgets) the record, so a
 * read after it in the same request sees the write.
 */
export class RecordLoader<D extends Doc> {
  private readonly loader: DataLoader<string, D | null>;

  constructor(private readonly model: AnyModel) {
    this.loader = new DataLoader<string, D | null>(async (ids) => {
      const docs = await findByIds<D>(model, ids);
      const found = new Map(docs.map((d) => [d._id.toHexString(), d]));
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  get(id: Id): Promise<D | null> {
    return this.loader.load(key(id));
  }

  /** The records found, in the order asked; missing ones are left out. */
  async getMany(ids: readonly Id[]): Promise<D[]> {
    const docs = await this.loader.loadMany(ids.map(key));
    return docs.filter((d): d is D => d != null && !(d instanceof Error));
  }

  /** Read again from the database (a write's "before"): nothing this request read earlier is trusted. */
  fresh(id: Id): Promise<D | null> {
    this.loader.clear(key(id));
    return this.get(id);
  }

  /** A record this request wrote or read by another query: later reads share it. */
  saved(doc: D): void {
    this.loader.clear(doc._id.toHexString()).prime(doc._id.toHexString(), doc);
  }

  forget(id: Id): void {
    this.loader.clear(key(id));
  }

  /** The first record matching a filter (one the caller builds with the policy); later reads share it. */
  async first(filter: Record<string, unknown>): Promise<D | null> {
    const doc = (await this.model.findOne(filter).lean()) as D | null;
    if (doc) this.saved(doc);
    return doc;
  }

  /** A page of a list (the filter already holds the visibility clause); its records are shared with later reads. */
  async page(filter: Record<string, unknown>, args: PageArgs): Promise<Page<D>> {
    const page = await paginate<D>(this.model, filter, args);
    for (const doc of page.nodes) this.saved(doc);
    return page;
  }
}

/** One request's records of one collection grouped by a reference field (an interview's transcripts, say). */
export class GroupLoader<D extends Doc> {
  private readonly loader: DataLoader<string, D[]>;

  constructor(model: AnyModel, field: string) {
    this.loader = new DataLoader<string, D[]>(async (ids) => {
      const docs = (await model.find({ [field]: { $in: ids } }).lean()) as D[];
      const groups = new Map<string, D[]>();
      for (const d of docs) {
        const k = String((d as Record<string, unknown>)[field]);
        groups.set(k, [...(groups.get(k) ?? []), d]);
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
  }

  get(id: Id): Promise<D[]> {
    return this.loader.load(key(id));
  }

  /** After a write to one of the group's records: the next read reads the group again. */
  forget(id: Id): void {
    this.loader.clear(key(id));
  }
}
