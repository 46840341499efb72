import type { AnyModel } from '../db/models.js';
import { isKeyedToken, tokenKey } from './tokens.js';

/**
 * The record a token opens (a session, a class link): found by its `_id` (tokens.ts, tokenKey) and
 * returned only when its stored hash is the token's whole hash. A token without the prefix is from
 * before the keying: its record has a random ObjectId and is found by `tokenHash` (a unique index on
 * MongoDB, a read of the whole table on FerretDB). No migration rewrites those records: each ends by
 * itself (a session within SESSION_TTL_HOURS, or SESSION_IDLE_MINUTES unused, and the site then drops
 * its cookie; a class link within its days, at most 365), so after the longest of those past the
 * upgrade this fallback finds nothing and can be deleted.
 */
export async function findByToken<T extends { tokenHash: string }>(model: AnyModel, secret: string, token: string): Promise<T | null> {
  const key = tokenKey(secret, token);
  if (!isKeyedToken(token)) return (await model.findOne({ tokenHash: key.tokenHash }).lean()) as T | null;
  const doc = (await model.findById(key._id).lean()) as T | null;
  return doc?.tokenHash === key.tokenHash ? doc : null;
}

/** The filter that names a token's record, for a write (sign-out deletes it). */
export const tokenFilter = (secret: string, token: string) => {
  const key = tokenKey(secret, token);
  return isKeyedToken(token) ? key : { tokenHash: key.tokenHash };
};
