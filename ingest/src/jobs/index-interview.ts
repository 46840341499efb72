/**
 * 'index-interview': the search index lives in each API process, so the worker's part is to log the
 * change; every API instance picks it up from the log within a second and re-reads the interview.
 */
import { Types } from 'mongoose';
import type { Models } from '../../../server/src/db/models.js';
import { markSearchChange } from '../../../server/src/search/search-index.js';
import type { JobHandler } from './runner.js';

export const indexInterview =
  (models: Models): JobHandler<'index-interview'> =>
  async ({ payload }) => {
    if (!(await models.Interview.exists({ _id: new Types.ObjectId(payload.interviewId) }))) {
      return { status: 'skipped', reason: 'the interview no longer exists' };
    }
    await markSearchChange(models, 'Interview', new Types.ObjectId(payload.interviewId));
    return { status: 'succeeded', result: { logged: true } };
  };
