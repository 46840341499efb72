/**
 * Is this error the database or storage being unreachable (stopped, restarting, cut off), rather
 * than a fault of the request or a bug? Such an error reaches the client as UNAVAILABLE with a
 * Retry-After instead of being masked as an internal error: nothing is wrong with what was asked,
 * and asking again shortly works. Walks `cause`, since mongoose and the AWS SDK wrap what they meet.
 */
import mongoose from 'mongoose';
import { UnavailableError } from '../errors.js';

const { mongo } = mongoose;
const DATABASE_ERRORS = [mongo.MongoServerSelectionError, mongo.MongoNetworkError, mongo.MongoNotConnectedError, mongo.MongoTopologyClosedError];
/** What a socket says when nothing answers at the address (or stops answering). */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

export function unavailableService(err: unknown): 'database' | 'storage' | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    if (DATABASE_ERRORS.some((type) => e instanceof type)) return 'database';
    const { name, message, code } = e as { name?: string; message?: string; code?: string };
    if (name === 'MongooseServerSelectionError' || (name === 'MongooseError' && /buffering timed out/.test(message ?? ''))) return 'database';
    // The AWS SDK's errors carry $metadata; storage's own 503 (SlowDown, a restarting MinIO) counts too.
    if ('$metadata' in e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if ((code && CONNECTION_CODES.has(code)) || status === 503 || name === 'TimeoutError') return 'storage';
    } else if (code && CONNECTION_CODES.has(code)) {
      // A bare socket error: the driver lets some through unwrapped (EPIPE when it writes to a
      // connection the database has just closed). Storage's always come with the SDK's $metadata.
      return 'database';
    }
  }
  return null;
}

/** The client's error for an unreachable database or storage, or null for any other error. */
export function asUnavailable(err: unknown): UnavailableError | null {
  const service = unavailableService(err);
  if (!service) return null;
  console.warn(`The ${service} is not answering:`, err instanceof Error ? err.message : err);
  return new UnavailableError(service);
}
