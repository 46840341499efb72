import type { Collection } from 'mongodb';
import type { Types } from 'mongoose';
import type { AnyModel, Models } from '../db/models.js';
import type { EditClaimDoc } from './edit-claim.model.js';
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
  // FerretDB 1.24 applies findOneAndUpdate as read-then-write, so two edits of the same version could
  // both pass the version filter. A claim insert on a unique _id is atomic on both databases: only one
  // edit of each version gets past it.
  const claims = model.db.collection<ClaimDoc>('edit_claims');
  const claimId = claimIdOf(model, id, expectedVersion);
  // What the claim names, so a save cut off after its write can be found and logged (settleSave).
  const claim = { model: model.modelName, targetId: id, version: expectedVersion };
  try {
    await claims.insertOne({ _id: claimId, at: new Date(), ...claim });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const current = (await model.findById(id, { version: 1 }).lean()) as { version: number } | null;
    if (!current) throw new NotFoundError(what);
    if (current.version !== expectedVersion) throw staleEdit(what, expectedVersion, current.version);
    if (!(await takeOverAbandoned(claims, claimId, claim))) throw saveInProgress(what, expectedVersion);
  }
  const updated = await model
    .findOneAndUpdate(
      { _id: id, version: expectedVersion },
      { ...update, $set, $inc: { version: 1 } },
      { returnDocument: 'after', runValidators: true },
    )
    .lean()
    .catch(async (err: unknown) => {
      // The edit was refused (validation, a unique index): free the version for the next attempt.
      await claims.deleteOne({ _id: claimId });
      throw err;
    });
  if (updated) return updated as D;
  await claims.deleteOne({ _id: claimId });
  const current = (await model.findById(id, { version: 1 }).lean()) as { version: number } | null;
  if (!current) throw new NotFoundError(what);
  throw staleEdit(what, expectedVersion, current.version);
}

/**
 * A claim older than the lease whose version was never written is a save that crashed between claim
 * and write: without this, that version would answer CONFLICT for good. The stale claim is removed by
 * its timestamp (deleteOne is atomic, so of several takers only one removes it) and claimed afresh by
 * insert (only one taker wins). A claim younger than the lease is a save still running: CONFLICT.
 */
export const CLAIM_LEASE_MS = 30_000;

/**
 * Claims are only needed while a save runs (and, as a crash marker, up to the lease): a claim on a
 * version that is gone is harmless to remove, since the version filter of the write refuses it anyway.
 * Run by the sweep-logs job; keeps an hour, far beyond the lease.
 */
export const CLAIMS_KEPT_MS = 60 * 60_000;

export async function sweepEditClaims(models: Pick<Models, 'EditClaim'>, now = new Date()): Promise<number> {
  const result = await models.EditClaim.collection.deleteMany({ at: { $lt: new Date(now.getTime() - CLAIMS_KEPT_MS) } });
  return result.deletedCount ?? 0;
}

type ClaimDoc = EditClaimDoc;

const claimIdOf = (model: AnyModel, id: Types.ObjectId, version: number) => `${model.collection.collectionName}:${id.toHexString()}:${version}`;

/**
 * The save that wrote `writtenVersion` is settled: its audit record and change-log entry are in. An
 * unsettled claim after its write is a save cut off between the write and its audit record, which
 * audit/unsettled-saves.ts finds and logs.
 */
export async function settleSave(model: AnyModel, id: Types.ObjectId, writtenVersion: number): Promise<void> {
  // Marked, not removed: a removed claim let a second save of that version through (edit-races.test.ts).
  await model.db.collection<ClaimDoc>('edit_claims').updateOne({ _id: claimIdOf(model, id, writtenVersion - 1) }, { $set: { settled: true } });
}

async function takeOverAbandoned(claims: Collection<ClaimDoc>, claimId: string, names: Omit<ClaimDoc, '_id' | 'at'>, now = Date.now()) {
  const claim = await claims.findOne({ _id: claimId });
  if (claim && now - claim.at.getTime() < CLAIM_LEASE_MS) return false;
  if (claim) await claims.deleteOne({ _id: claimId, at: claim.at });
  try {
    await claims.insertOne({ _id: claimId, at: new Date(now), ...names });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * The version is still the one the editor read, but a save of it holds the claim: one still writing,
 * or one cut off between claim and write (the database went away): retrying after the lease works.
 */
const saveInProgress = (what: string, expected: number) =>
  new ConflictError(
    `${what} version ${expected} is being saved by another request, or a save was cut off; try again in ${CLAIM_LEASE_MS / 1000} s`,
    { currentVersion: expected, retryAfterSeconds: CLAIM_LEASE_MS / 1000 },
  );

const staleEdit = (what: string, expected: number, current: number) =>
  new ConflictError(
    `${what} was changed by someone else (you edited version ${expected}, it is now ${current}); reload, and apply your change again`,
    { currentVersion: current },
  );

/**
 * A write refused by a unique index. MongoDB says 11000; FerretDB 1.24 says so on insert but answers an
 * update that breaks the index with code 1 and SQLite's "UNIQUE constraint failed".
 */
export const isDuplicateKey = (err: unknown) => {
  const e = err as { code?: number; message?: string };
  return e.code === 11000 || (e.code === 1 && /UNIQUE constraint failed/.test(e.message ?? ''));
};
