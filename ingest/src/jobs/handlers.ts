/**
 * Which job types this worker handles, and with what. A worker leases only the types listed here,
 * so a job type without a handler yet simply waits for a worker that has one.
 */
import { AuthService } from '../../../server/src/auth/auth.service.js';
import type { Config } from '../../../server/src/config.js';
import type { Models } from '../../../server/src/db/models.js';
import type { Storage } from '../../../server/src/storage/storage.js';
import type { JobHandler, JobHandlers } from './runner.js';
import { testHandlers } from './test-handlers.js';

export interface HandlerDeps {
  models: Models;
  config: Config;
  storage: Storage;
}

const sweepSessions =
  (auth: AuthService): JobHandler<'sweep-sessions'> =>
  async ({ log }) => {
    const removed = await auth.sweep();
    log('expired sessions removed', { removed });
    return { status: 'succeeded', result: { removedSessions: removed } };
  };

export function createHandlers(deps: HandlerDeps, options: { testHandlers?: boolean } = {}): JobHandlers {
  const handlers: JobHandlers = {
    'sweep-sessions': sweepSessions(new AuthService(deps.models, deps.config)),
  };
  // Only the test suite starts workers with ARCHIVE_TEST_HANDLERS=1; see test-handlers.ts.
  return options.testHandlers ? { ...handlers, ...testHandlers(deps.models) } : handlers;
}
