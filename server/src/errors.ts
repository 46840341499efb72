import { GraphQLError } from 'graphql';

export type ErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'BAD_USER_INPUT' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'PREPARING' | 'UNAVAILABLE';

/** Errors meant for the client: their message and code reach it; anything else is masked. */
export class ArchiveError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export class NotFoundError extends ArchiveError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found`);
  }
}

export class ForbiddenError extends ArchiveError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends ArchiveError {
  constructor(message = 'Sign in first') {
    super('UNAUTHENTICATED', message);
  }
}

export class BadInputError extends ArchiveError {
  constructor(field: string, message: string) {
    super('BAD_USER_INPUT', `${field}: ${message}`, { field });
  }
}

export class ConflictError extends ArchiveError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('CONFLICT', message, extra);
  }
}

export class TooManyRequestsError extends ArchiveError {
  constructor(retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', `Too many attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

/**
 * A recording exists but no copy cut for the current restrictions is ready yet (a passage was just
 * restricted, or opened): nothing is played rather than a copy cut for older restrictions.
 */
export class PreparingError extends ArchiveError {
  constructor(retryAfterSeconds = 30) {
    super('PREPARING', 'The recording is being prepared; try again in a few minutes', { retryAfterSeconds });
  }
}

/**
 * The database or storage does not answer (stopped, restarting, cut off): the request was fine and
 * will work when asked again; the API reconnects by itself (common/unavailable.ts recognises these).
 */
export class UnavailableError extends ArchiveError {
  constructor(service: 'database' | 'storage', retryAfterSeconds = 5) {
    super('UNAVAILABLE', `The archive's ${service} is not answering; try again in a moment`, { retryAfterSeconds });
  }
}
