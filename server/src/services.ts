import { AuditService } from './audit/audit.service.js';
import { AuthService } from './auth/auth.service.js';
import { InterviewService } from './interviews/interview.service.js';
import type { Config } from './config.js';
import type { Models } from './db/models.js';
import type { Storage } from './storage/storage.js';
import { UserService } from './users/user.service.js';

export interface ServiceDeps {
  models: Models;
  config: Config;
  storage: Storage;
}

/** One instance of each service per API process; per-request state lives in the context. */
export function createServices({ models, config, storage }: ServiceDeps) {
  const audit = new AuditService(models);
  return {
    audit,
    auth: new AuthService(models, config),
    users: new UserService(models, config, audit),
    interviews: new InterviewService(models, storage, audit),
  };
}

export type Services = ReturnType<typeof createServices>;
