/**
 * 'end-grants', queued by a withdrawal: the interview's open grants are ended and its waiting
 * requests refused, on record, and each requester is mailed (AccessRequestService.endForWithdrawal; idempotent, so a rerun is harmless).
 */
import type { AccessRequestService } from '../../../server/src/access-requests/access-request.service.js';
import type { JobHandler } from './runner.js';

export const endGrants =
  ({ accessRequests }: { accessRequests: Pick<AccessRequestService, 'endForWithdrawal'> }): JobHandler<'end-grants'> =>
  async ({ payload }) => {
    const done = await accessRequests.endForWithdrawal(payload.interviewId, new Date(payload.withdrawnAt));
    if (!done) return { status: 'skipped', reason: 'the interview was reinstated (or removed) before the grants were ended' };
    return { status: 'succeeded', result: done };
  };
