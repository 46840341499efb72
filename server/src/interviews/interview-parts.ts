/**
 * Each interview's list of its transcripts' and media records' ids (`interview_parts`, one document
 * per interview, `_id` = the interview's), so the read path reaches them by `_id`. On FerretDB 1.24 a
 * read by `interviewId` scans the whole collection (only an `_id` equality reaches its backend:
 * docs/decisions/ferretdb-settings.md): a transcript by `interviewId` took 38 s at 1,000 interviews,
 * by `_id` milliseconds. MongoDB would answer either from an index; the list costs it one small
 * update per created or removed record and one `_id` read per page.
 *
 * Kept in step here, by hooks on the models, so every writer (services, ingest jobs, the CLI, tests,
 * bench) keeps it without knowing: a record is listed BEFORE it is inserted and unlisted AFTER it is
 * deleted, so a crash between the two leaves at worst an id that names nothing, which readers skip
 * (record-loaders.ts returns what exists). An upsert lists after it (a crash between leaves the record
 * unlisted: see `listInterviewParts(…, { repair: true })`).
 *
 * FerretDB applies `$addToSet` as read-then-write-back, so two list updates of one interview at the
 * same moment can lose one (docs/decisions/ferretdb-concurrency.md). Within a process they are queued
 * per interview; across processes (API and worker listing for one interview in the same
 * milliseconds) each write reads the list back and writes again until its ids are (or are no longer)
 * in it; a write that lands after that read-back can still lose an entry, which the repair restores.
 */
import type { Connection, Schema } from 'mongoose';
import { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import type { InterviewPartsDoc } from './interview-parts.model.js';

export type PartList = 'transcriptIds' | 'mediaIds';

type Owned = { _id?: Types.ObjectId; interviewId?: Types.ObjectId | string };

const partsOf = (conn: Connection) => conn.model<InterviewPartsDoc>('InterviewParts');

/** Group ids per interview, so each interview gets one update. */
function byInterview(docs: readonly Owned[]): Map<string, Types.ObjectId[]> {
  const groups = new Map<string, Types.ObjectId[]>();
  for (const d of docs) {
    if (!d._id || !d.interviewId) continue;
    const k = String(d.interviewId);
    groups.set(k, [...(groups.get(k) ?? []), new Types.ObjectId(String(d._id))]);
  }
  return groups;
}

/** Per connection and interview, the list update under way: the next waits for it. */
const queues = new WeakMap<Connection, Map<string, Promise<void>>>();

function queued(conn: Connection, interviewId: string, work: () => Promise<void>): Promise<void> {
  let perConn = queues.get(conn);
  if (!perConn) queues.set(conn, (perConn = new Map()));
  const next = (perConn.get(interviewId) ?? Promise.resolve()).then(work, work);
  perConn.set(interviewId, next);
  const done = () => {
    if (perConn.get(interviewId) === next) perConn.delete(interviewId);
  };
  next.then(done, done);
  return next;
}

const MAX_WRITES = 5;

async function change(conn: Connection, field: PartList, docs: readonly Owned[], add: boolean) {
  for (const [interviewId, ids] of byInterview(docs)) {
    await queued(conn, interviewId, async () => {
      const model = partsOf(conn);
      for (let write = 0; write < MAX_WRITES; write++) {
        // An upsert without `complete`: a list started here for an interview written before lists
        // existed is read as incomplete (by interviewId) until the backfill has filled it in.
        await model.updateOne({ _id: interviewId }, add ? { $addToSet: { [field]: { $each: ids } } } : { $pullAll: { [field]: ids } }, { upsert: true });
        const now = await model.findOne({ _id: interviewId }, { [field]: 1 }).lean<Partial<InterviewPartsDoc>>();
        const listed = new Set((now?.[field] ?? []).map(String));
        if (ids.every((id) => listed.has(String(id)) === add)) return;
      }
      throw new Error(`interview ${interviewId}: its ${field} list did not take the update after ${MAX_WRITES} writes`);
    });
  }
}

/** The records a delete query is about to remove, read before it runs (deletes are rare and off the read path). */
const doomed = new WeakMap<object, Owned[]>();

type DeleteQuery = {
  op: string;
  model: { db: Connection; find(filter: object, projection: object): { limit(n: number): { lean(): Promise<unknown[]> }; lean(): Promise<unknown[]> } };
  getFilter(): Record<string, unknown>;
};

/** Installs the hooks on a transcript or media schema: every create and delete keeps its interview's list. */
export function keepListedOnInterview(schema: Schema, field: PartList): void {
  schema.pre('save', async function (this: Owned & { isNew: boolean; db: Connection }) {
    if (this.isNew) await change(this.db, field, [this], true);
  });
  // The insert failed (a second transcript in one language, say): take back the id listed for it.
  schema.post('save', { errorHandler: true }, async function (this: Owned & { isNew: boolean; db: Connection }, error: Error) {
    if (this.isNew) await change(this.db, field, [this], false);
    throw error;
  });
  schema.pre('insertMany', async function (this: { db: Connection }, docs: Owned | Owned[]) {
    const all = Array.isArray(docs) ? docs : [docs];
    for (const d of all) d._id ??= new Types.ObjectId();
    await change(this.db, field, all, true);
  });
  schema.post('findOneAndUpdate', async function (this: { model: { db: Connection }; getOptions(): { upsert?: boolean } }, doc: Owned | null) {
    // An upsert may have inserted: listing again is harmless ($addToSet).
    if (doc && this.getOptions().upsert) await change(this.model.db, field, [doc], true);
  });
  schema.pre(['deleteOne', 'deleteMany'], { document: false, query: true }, async function (this: DeleteQuery) {
    const found = this.model.find(this.getFilter(), { interviewId: 1 });
    doomed.set(this, (await (this.op === 'deleteOne' ? found.limit(1) : found).lean()) as Owned[]);
  });
  schema.post(['deleteOne', 'deleteMany'], { document: false, query: true }, async function (this: DeleteQuery) {
    await change(this.model.db, field, doomed.get(this) ?? [], false);
  });
  schema.post('findOneAndDelete', async function (this: { model: { db: Connection } }, doc: Owned | null) {
    if (doc) await change(this.model.db, field, [doc], false);
  });
}

/** A new interview starts with a complete (empty) list, written before the interview itself. */
export function startPartsList(schema: Schema): void {
  const start = async (conn: Connection, ids: Types.ObjectId[]) => {
    for (const id of ids) await partsOf(conn).updateOne({ _id: id }, { $set: { complete: true } }, { upsert: true });
  };
  schema.pre('save', async function (this: { isNew: boolean; _id: Types.ObjectId; db: Connection }) {
    if (this.isNew) await start(this.db, [this._id]);
  });
  schema.pre('insertMany', async function (this: { db: Connection }, docs: { _id?: Types.ObjectId } | { _id?: Types.ObjectId }[]) {
    const all = Array.isArray(docs) ? docs : [docs];
    for (const d of all) d._id ??= new Types.ObjectId();
    await partsOf(this.db).insertMany(all.map((d) => ({ _id: d._id, complete: true })), { ordered: false }).catch(async () => {
      // Some existed (an id given twice, a retried import): mark them one by one.
      await start(this.db, all.map((d) => d._id!));
    });
  });
}

/**
 * Fills in the lists of the interviews whose list is not complete (the migration: run at each
 * connect, a no-op once done), or of every interview (`repair`, after a crash or a race the notes above
 * describe): one pass over the transcripts and one over the media records, whatever the archive's
 * size. Interviews restored raw from a bag go through it too (`only`); the `repair-interview-parts`
 * job runs the repair once a day (ingest/src/jobs/housekeeping.ts). It adds what is missing and never
 * removes: a record created meanwhile is listed by its own hook ($addToSet keeps the union), and an id
 * that names nothing (a record removed meanwhile, an insert that never happened) costs a reader one
 * lookup that finds nothing. Returns how many interviews it completed.
 */
export async function listInterviewParts(models: Models, options: { repair?: boolean; only?: readonly Types.ObjectId[] } = {}): Promise<number> {
  const complete = new Set(options.repair ? [] : (await models.InterviewParts.find({ complete: true }, { _id: 1 }).lean()).map((p) => p._id.toHexString()));
  const all = options.only ? options.only.map((id) => ({ _id: id })) : await models.Interview.find({}, { _id: 1 }).lean();
  const pending = new Set(all.map((i) => i._id.toHexString()).filter((id) => !complete.has(id)));
  if (pending.size === 0) return 0;
  const found: Record<PartList, Map<string, Types.ObjectId[]>> = { transcriptIds: new Map(), mediaIds: new Map() };
  const passes = [['transcriptIds', models.Transcript], ['mediaIds', models.MediaAsset]] as const;
  for (const [field, model] of passes) {
    for await (const d of (model as typeof models.Transcript).find({}, { interviewId: 1 }).lean().cursor() as AsyncIterable<Owned>) {
      const k = String(d.interviewId);
      if (pending.has(k)) found[field].set(k, [...(found[field].get(k) ?? []), d._id!]);
    }
  }
  for (const id of pending) {
    const lists = { transcriptIds: found.transcriptIds.get(id) ?? [], mediaIds: found.mediaIds.get(id) ?? [] };
    await models.InterviewParts.updateOne(
      { _id: id },
      // Only ever adds: a $set of what the pass found would drop a record created after the pass read past it.
      { $addToSet: { transcriptIds: { $each: lists.transcriptIds }, mediaIds: { $each: lists.mediaIds } }, $set: { complete: true } },
      { upsert: true },
    );
  }
  return pending.size;
}
