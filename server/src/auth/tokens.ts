import { createHmac, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';

export const newToken = () => randomBytes(32).toString('base64url');

/** Keyed with SESSION_SECRET: a stolen database alone cannot forge or replay a session. */
export const hashToken = (secret: string, token: string) => createHmac('sha256', secret).update(token).digest('hex');

/**
 * Tokens that open a record (sessions, class links) start with this since such records are keyed by
 * `_id` (a "." is outside the base64url alphabet of the tokens before, so no older token has it).
 */
const KEYED_PREFIX = 'k1.';
export const newKeyedToken = () => KEYED_PREFIX + newToken();

/**
 * The key of the record a token opens: `_id` is the first 12 bytes of the token's keyed hash, and the
 * whole hash is stored beside it and compared (auth/token-records.ts). FerretDB's SQLite backend pushes
 * only an `_id` equality down to SQLite and reads the whole table for any other field
 * (docs/decisions/ferretdb-settings.md), so the lookup a signed-in request or a pupil's page makes is
 * one indexed read there, as on MongoDB.
 */
export function tokenKey(secret: string, token: string): { _id: Types.ObjectId; tokenHash: string } {
  const tokenHash = hashToken(secret, token);
  return { _id: new Types.ObjectId(tokenHash.slice(0, 24)), tokenHash };
}

/** Issued since records are keyed by `_id`; a token without the prefix is from before (auth/token-records.ts). */
export const isKeyedToken = (token: string) => token.startsWith(KEYED_PREFIX);

/**
 * A confirmation link's token, derived from its record's id with SESSION_SECRET: the mail job writes
 * the link when it sends it (maybe hours later, maybe twice) without the token ever being stored,
 * and the database alone still holds nothing that confirms (it keeps hashToken of this).
 */
export const confirmationToken = (secret: string, confirmationId: string) =>
  createHmac('sha256', secret).update(`email-confirmation:${confirmationId}`).digest('base64url');
