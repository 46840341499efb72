import type { NextFunction, Request, Response } from 'express';
import type { Models } from '../db/models.js';
import { createReads, type Reads } from '../db/reads.js';

/** Every request (GraphQL and the HTTP routes alike) gets its own repositories (db/reads.ts). */
export function requestReads(models: Models) {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.locals.reads = createReads(models);
    next();
  };
}

export const readsOf = (res: Response): Reads => res.locals.reads as Reads;
