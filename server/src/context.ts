import type { Request, Response } from 'express';
import type { Actor } from './access/actor.js';
import type { Config } from './config.js';
import type { Reads } from './db/reads.js';
import type { Services } from './services.js';
import type { UserDoc } from './users/user.model.js';

export const SESSION_COOKIE = 'archive_session';

/** Per request: who is asking, its own repositories (db/reads.ts), and the services. */
export interface Context {
  actor: Actor;
  user?: UserDoc;
  sessionToken?: string;
  reads: Reads;
  services: Services;
  config: Config;
  req: Request;
  res: Response;
  now: Date;
}

/** The session token: the site's cookie, or a bearer token for scripts. */
export function sessionTokenOf(req: Request): string | undefined {
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1];
  return (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
}
