/**
 * The change log: every change that search (and the anonymous cache) shows is appended here, and every
 * API instance tails it. FerretDB has no change streams, and on its SQLite backend only an ObjectId
 * `_id` equality is answered from an index: a range query (`at >= …`, even with an index on `at`) reads
 * the whole table, 70 µs an entry here, so a log of a million entries would cost a minute per poll.
 * So entry n lives at a known _id and an instance at position p asks for entry p+1, one lookup, whatever
 * the length of the log. Positions are dense: a writer claims n by inserting entry n (an insert on a
 * unique _id is atomic on both databases) and moves on to n+1 if it was taken.
 */
import { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import type { SearchChangeDoc } from './change-log.model.js';

const ENTRY_PREFIX = '00000000';
/** The head document: a hint of the last position (writers start probing there). */
const HEAD_ID = new Types.ObjectId(`00000001${'0'.repeat(16)}`);

export const entryId = (seq: number) => new Types.ObjectId(ENTRY_PREFIX + seq.toString(16).padStart(16, '0'));

/** What the sweep keeps, whatever the readers say: a late instance rejoins within this without a rebuild. */
export const RETENTION_MS = 60 * 60_000;
/** A reader silent this long is taken to be gone (it rebuilds from the database when it comes back). */
export const READER_TIMEOUT_MS = 10 * 60_000;
/** Readers write their position at least this often even when nothing changed. */
export const READER_HEARTBEAT_MS = 60_000;
/**
 * Entries kept below the slowest reader: the head hint may lag the last entry by a few racing writers
 * (FerretDB applies $max as read-then-write), and a writer must never find a swept position free.
 */
const KEEP_BELOW_SLOWEST = 1_000;

export interface Change {
  seq: number;
  kind: string;
  targetId: Types.ObjectId;
  at: Date;
}

export class ChangeLog {
  constructor(private readonly models: Models) {}

  private get entries() {
    return this.models.SearchChange.collection;
  }

  /** Appends one change and returns its position. */
  async append(kind: string, targetId: Types.ObjectId, now = new Date()): Promise<number> {
    let seq = (await this.headHint()) + 1;
    for (;;) {
      try {
        await this.entries.insertOne({ _id: entryId(seq), seq, kind, targetId, at: now });
        break;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        seq += 1;
      }
    }
    await this.entries.updateOne({ _id: HEAD_ID }, { $max: { seq }, $setOnInsert: { at: new Date(0) } }, { upsert: true });
    return seq;
  }

  private async headHint(): Promise<number> {
    const head = await this.entries.findOne({ _id: HEAD_ID }, { projection: { seq: 1 } });
    return (head?.seq as number | undefined) ?? 0;
  }

  /** The last position written: from the head hint, probing forward past writers that raced it. */
  async head(): Promise<number> {
    let seq = await this.headHint();
    while (await this.entries.findOne({ _id: entryId(seq + 1) }, { projection: { _id: 1 } })) seq += 1;
    return seq;
  }

  /**
   * The changes after `position`, up to `limit`; `gap` when the next entry was swept (this reader was
   * silent past READER_TIMEOUT_MS): the caller has missed changes and rebuilds from the database.
   */
  async readAfter(position: number, limit = 500): Promise<{ changes: Change[]; gap: boolean }> {
    const changes: Change[] = [];
    for (let seq = position + 1; changes.length < limit; seq++) {
      const doc = (await this.entries.findOne({ _id: entryId(seq) })) as SearchChangeDoc | null;
      if (!doc) break;
      changes.push({ seq, kind: doc.kind ?? '', targetId: doc.targetId!, at: doc.at });
    }
    const gap = changes.length === 0 && position > 0 ? !(await this.entries.findOne({ _id: entryId(position) }, { projection: { _id: 1 } })) && (await this.headHint()) > position : false;
    return { changes, gap };
  }

  /** Records where reader `id` has read up to (the sweep keeps what it still needs). */
  async report(id: Types.ObjectId, position: number, now = new Date()): Promise<void> {
    await this.models.SearchReader.collection.updateOne({ _id: id }, { $set: { position, seenAt: now } }, { upsert: true });
  }

  /**
   * Removes what no live reader needs: entries older than RETENTION_MS and more than KEEP_BELOW_SLOWEST
   * below the slowest reader heard from within READER_TIMEOUT_MS; forgets readers gone silent.
   */
  async sweep(now = new Date(), keepBelowSlowest = KEEP_BELOW_SLOWEST): Promise<{ removed: number; keptFrom: number }> {
    await this.models.SearchReader.collection.deleteMany({ seenAt: { $lt: new Date(now.getTime() - READER_TIMEOUT_MS) } });
    const readers = await this.models.SearchReader.collection.find({}, { projection: { position: 1 } }).toArray();
    const slowest = Math.min(await this.head(), ...readers.map((r) => r.position as number));
    const keptFrom = Math.max(0, slowest - keepBelowSlowest);
    const result = await this.entries.deleteMany({
      _id: { $ne: HEAD_ID },
      at: { $lt: new Date(now.getTime() - RETENTION_MS) },
      // Entries of the log before it had positions (no seq) go once they are old.
      $or: [{ seq: { $lt: keptFrom } }, { seq: { $exists: false } }],
    });
    return { removed: result.deletedCount ?? 0, keptFrom };
  }
}
