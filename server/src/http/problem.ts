import type { NextFunction, Request, Response } from 'express';
import { ArchiveError } from '../errors.js';
import { FormatError } from '../../../shared/formats/model.js';

const STATUS: Record<string, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  PREPARING: 503,
};

/** Errors of the HTTP routes as RFC 7807 problem documents; unexpected ones are logged and masked. */
export function problemHandler(err: unknown, _req: Request, res: Response, next: NextFunction) {
  if (res.headersSent) return next(err);
  let status = 500;
  let title = 'Internal server error';
  let detail: string | undefined;
  if (err instanceof ArchiveError) {
    status = STATUS[err.code] ?? 400;
    title = err.code;
    detail = err.message;
    const retry = err.extensions.retryAfterSeconds;
    if (typeof retry === 'number') res.set('Retry-After', String(retry));
  } else if (err instanceof FormatError) {
    status = 400;
    title = 'BAD_USER_INPUT';
    detail = err.message;
  } else {
    console.error('Unexpected error in HTTP route:', err);
  }
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title, status, detail });
}
