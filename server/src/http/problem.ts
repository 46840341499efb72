import type { NextFunction, Request, Response } from 'express';
import { asUnavailable } from '../common/unavailable.js';
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
  UNAVAILABLE: 503,
};

/** Errors of the HTTP routes as RFC 7807 problem documents; unexpected ones are logged and masked. */
export function problemHandler(caught: unknown, req: Request, res: Response, next: NextFunction) {
  if (res.headersSent) return next(caught);
  const err = asUnavailable(caught) ?? caught;
  if (err instanceof ArchiveError && err.code === 'UNAVAILABLE' && req.path.startsWith('/graphql')) {
    // The session could not be read before GraphQL ran: say so the way GraphQL clients read errors.
    res.set('Retry-After', String(err.extensions.retryAfterSeconds));
    return res.status(503).json({ errors: [{ message: err.message, extensions: err.extensions }] });
  }
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
