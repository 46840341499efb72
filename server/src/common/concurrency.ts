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
      { new: true, runValidators: true },
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

/** Turns a duplicate-key error of a unique index into a readable BAD_USER_INPUT-style message. */
export const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;
