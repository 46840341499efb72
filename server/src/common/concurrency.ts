import type { Types } from 'mongoose';
import type { AnyModel } from '../db/models.js';
import { ConflictError, NotFoundError } from '../errors.js';

/**
 * Optimistic concurrency: the update applies only if the stored version is the one the editor
 * read. A stale edit gets CONFLICT with the current version, and nothing is written.
 */
export async function updateVersioned<D>(
  model: AnyModel,
  what: string,
  id: Types.ObjectId,
  expectedVersion: number,
  update: Record<string, unknown>,
): Promise<D> {
  const $set = (update.$set as Record<string, unknown> | undefined) ?? {};
  const updated = await model
    .findOneAndUpdate(
      { _id: id, version: expectedVersion },
      { ...update, $set, $inc: { version: 1 } },
      { returnDocument: 'after', runValidators: true },
    )
    .lean();
  if (updated) return updated as D;
  const current = (await model.findById(id, { version: 1 }).lean()) as { version: number } | null;
  if (!current) throw new NotFoundError(what);
  throw new ConflictError(
    `${what} was changed by someone else (you edited version ${expectedVersion}, it is now ${current.version}); reload, and apply your change again`,
    { currentVersion: current.version },
  );
}

/**
 * A write refused by a unique index. MongoDB says 11000; FerretDB 1.24 says so on insert but answers an
 * update that breaks the index with code 1 and SQLite's "UNIQUE constraint failed".
 */
export const isDuplicateKey = (err: unknown) => {
  const e = err as { code?: number; message?: string };
  return e.code === 11000 || (e.code === 1 && /UNIQUE constraint failed/.test(e.message ?? ''));
};
