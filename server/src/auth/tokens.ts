import { createHmac, randomBytes } from 'node:crypto';

export const newToken = () => randomBytes(32).toString('base64url');

/** Keyed with SESSION_SECRET: a stolen database alone cannot forge or replay a session. */
export const hashToken = (secret: string, token: string) => createHmac('sha256', secret).update(token).digest('hex');
