import type { Connection } from 'mongoose';
import type { AnyModel } from './models.js';
import type { Id } from './record-loaders.js';

/**
 * How a set of records is read by `_id`. MongoDB answers `{ _id: { $in } }` from its `_id` index in
 * one command. FerretDB 1.24 pushes only a single `{ _id: value }` equality down to its backend
 * (internal/backends/sqlite/collection.go: any other filter, `$in` included, reads the whole table
 * into Go; docs/decisions/ferretdb-settings.md), so there each record is asked for on its own, all
 * at once: N indexed lookups instead of one scan of the collection.
 */
const equalityOnly = new WeakMap<Connection, boolean>();

/** Asks the server once per connection (FerretDB's buildInfo names its version) and remembers the answer. */
export async function learnIdLookups(conn: Connection): Promise<void> {
  const info = (await conn.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
  equalityOnly.set(conn, typeof info.ferretdbVersion === 'string');
}

/** Whether this connection's server reads `{ _id: { $in } }` by scanning (FerretDB). */
export function readsIdsOneByOne(conn: Connection): boolean {
  return equalityOnly.get(conn) ?? false;
}

/** The records with these ids that exist, in no particular order. */
export async function findByIds<D>(model: AnyModel, ids: readonly Id[], projection?: Record<string, 0 | 1>): Promise<D[]> {
  if (ids.length === 0) return [];
  if (ids.length === 1 || readsIdsOneByOne(model.db)) {
    const found = await Promise.all(ids.map((id) => model.findOne({ _id: id }, projection).lean() as Promise<D | null>));
    return found.filter((d): d is NonNullable<typeof d> => d != null) as D[];
  }
  return (await model.find({ _id: { $in: ids } }, projection).lean()) as D[];
}
