import type { NextFunction, Request, Response } from 'express';
import type { Models } from '../db/models.js';
import { createReads, type Reads } from '../db/reads.js';
import { whoOf } from './actor.js';

/**
 * Every request (GraphQL and the HTTP routes alike) gets its own repositories (db/reads.ts). The
 * session's user, read afresh for this request by resolveActor (which runs first), is theirs too:
 * a page that names its viewer as an author (a collection's creator) does not read them again.
 */
export function requestReads(models: Models) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const reads = createReads(models);
    const user = whoOf(res)?.user;
    if (user) reads.users.saved(user);
    res.locals.reads = reads;
    next();
  };
}

export const readsOf = (res: Response): Reads => res.locals.reads as Reads;
