import { createHmac, randomBytes } from 'node:crypto';

export const newToken = () => randomBytes(32).toString('base64url');

/** Keyed with SESSION_SECRET: a stolen database alone cannot forge or replay a session. */
export const hashToken = (secret: string, token: string) => createHmac('sha256', secret).update(token).digest('hex');

/**
 * A confirmation link's token, derived from its record's id with SESSION_SECRET: the mail job writes
 * the link when it sends it (maybe hours later, maybe twice) without the token ever being stored,
 * and the database alone still holds nothing that confirms (it keeps hashToken of this).
 */
export const confirmationToken = (secret: string, confirmationId: string) =>
  createHmac('sha256', secret).update(`email-confirmation:${confirmationId}`).digest('base64url');
