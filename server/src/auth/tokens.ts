import { createHmac, randomBytes } from 'node:crypto';

export const newToken = () => randomBytes(32).toString('base64url');

/** Keyed with SESSION_SECRET: a stolen database alone cannot forge or replay a session. */
export const hashToken = (secret: string, token: string) => createHmac('sha256', secret).update(token).digest('hex');

/**
 * Session tokens start with this since sessions are keyed by `_id` (a "." is outside the base64url
 * alphabet of the tokens before, so no older token has it).
 */
const SESSION_TOKEN_PREFIX = 's2.';
export const newSessionToken = () => SESSION_TOKEN_PREFIX + newToken();

/**
 * The filter that finds a token's session. A session is keyed by `_id`, the token's keyed hash:
 * FerretDB's SQLite backend pushes only an `_id` equality down to SQLite and reads the whole table
 * for any other field (docs/decisions/ferretdb-settings.md), so the lookup every signed-in request
 * makes is one indexed read there as on MongoDB. A token without the prefix is from before: its
 * session has an ObjectId and is found by `tokenHash` (a unique index on MongoDB, a scan on FerretDB).
 * No migration rewrites those: each ends by itself (SESSION_TTL_HOURS, or SESSION_IDLE_MINUTES unused)
 * and the site then drops its cookie, so this fallback finds nothing after the longest lifetime past
 * the upgrade and can be deleted with `tokenHash`'s index in a later release.
 */
export function sessionFilter(secret: string, token: string): { _id: string } | { tokenHash: string } {
  const tokenHash = hashToken(secret, token);
  return token.startsWith(SESSION_TOKEN_PREFIX) ? { _id: tokenHash } : { tokenHash };
}

/**
 * A confirmation link's token, derived from its record's id with SESSION_SECRET: the mail job writes
 * the link when it sends it (maybe hours later, maybe twice) without the token ever being stored,
 * and the database alone still holds nothing that confirms (it keeps hashToken of this).
 */
export const confirmationToken = (secret: string, confirmationId: string) =>
  createHmac('sha256', secret).update(`email-confirmation:${confirmationId}`).digest('base64url');
