import { env } from '$env/dynamic/private';

/** Where the API answers; read at request time so one build runs against any API. */
export function apiUrl(): string {
  return (env.API_URL || 'http://localhost:4000').replace(/\/+$/, '');
}

/** The API trusts X-Forwarded-For from the loopback and private ranges (sign-in rate limits use it). */
export function forwardedFor(existing: string | null, clientAddress: string): string {
  return existing ? `${existing}, ${clientAddress}` : clientAddress;
}
