import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../access/actor.js';
import type { AuthService } from '../auth/auth.service.js';
import { sessionTokenOf } from '../context.js';
import type { UserDoc } from '../users/user.model.js';

export interface RequestActor {
  actor: Actor;
  user?: UserDoc;
  sessionToken?: string;
}

/** Resolves the session once per request, for GraphQL and the HTTP routes alike. */
export function resolveActor(auth: AuthService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const sessionToken = sessionTokenOf(req);
    const { actor, user } = await auth.actorForToken(sessionToken);
    res.locals.who = { actor, user, sessionToken } satisfies RequestActor;
    next();
  };
}

export const whoOf = (res: Response): RequestActor => res.locals.who as RequestActor;
