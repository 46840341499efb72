/**
 * Writes the mail a 'send-mail' job stands for, from what is true when it is sent: the job may run
 * minutes after the change (SMTP was down) or twice, so it re-reads the records and says nothing
 * that is no longer so (a grant ended meanwhile is not announced as open; a link already used or
 * replaced by a newer sign-up is not sent).
 */
import type { Types } from 'mongoose';
import { grantableLevel } from '../access/policy.js';
import type { AccessRequestDoc } from '../access-requests/access-request.model.js';
import { confirmationToken } from '../auth/tokens.js';
import { pickLocalized } from '../common/localized.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { MailJob } from '../jobs/job-types.js';
import type { EmailConfirmationDoc } from '../readers/email-confirmation.model.js';
import type { UserDoc } from '../users/user.model.js';
import type { MailMessage } from './mailer.js';
import { mailDate, mailLocale, mailTexts } from './messages.js';

/** What the mail is about, for the audit trail when it cannot be sent. */
export interface MailSubject {
  type: 'User' | 'AccessRequest';
  id: Types.ObjectId;
}

export type Composed = { message: MailMessage; about: MailSubject } | { skip: string };

export class MailComposer {
  constructor(
    private readonly models: Models,
    private readonly config: Pick<Config, 'siteUrl' | 'sessionSecret'>,
  ) {}

  compose(mail: MailJob, now = new Date()): Promise<Composed> {
    switch (mail.mail) {
      case 'confirm':
        return this.confirm(mail.confirmationId, now);
      case 'already-registered':
        return this.alreadyRegistered(mail.userId, mail.locale);
      case 'access-decision':
        return this.decision(mail.requestId, mail.state, now);
    }
  }

  private async confirm(confirmationId: string, now: Date): Promise<Composed> {
    const confirmation = await this.models.EmailConfirmation.findById(confirmationId).lean<EmailConfirmationDoc>();
    // A newer sign-up of the address replaced the link (and mails its own), or the sweep removed it.
    if (!confirmation) return { skip: 'the link no longer exists (a newer sign-up replaced it, or it expired)' };
    if (confirmation.usedAt) return { skip: 'the address is confirmed already' };
    if (confirmation.expiresAt <= now) return { skip: 'the link expired before it could be sent' };
    const user = await this.models.User.findById(confirmation.userId).lean<UserDoc>();
    if (!user || user.status !== 'unconfirmed') return { skip: 'the account is gone or open already' };
    const locale = mailLocale(user.locale);
    const token = confirmationToken(this.config.sessionSecret, confirmationId);
    const link = `${this.config.siteUrl}/${locale}/confirm-email?token=${encodeURIComponent(token)}`;
    const hours = Math.round((confirmation.expiresAt.getTime() - confirmation.createdAt.getTime()) / 3_600_000);
    const [subject, text] = mailTexts(locale).confirm({ name: user.name, link, hours });
    return { message: { to: user.email, subject, text, kind: 'confirm' }, about: { type: 'User', id: user._id } };
  }

  private async alreadyRegistered(userId: string, asked: string): Promise<Composed> {
    const user = await this.models.User.findById(userId).lean<UserDoc>();
    if (!user) return { skip: 'the account no longer exists' };
    const locale = mailLocale(user.locale ?? asked);
    const [subject, text] = mailTexts(locale).alreadyRegistered({ link: `${this.config.siteUrl}/${locale}/sign-in` });
    return { message: { to: user.email, subject, text, kind: 'already-registered' }, about: { type: 'User', id: user._id } };
  }

  private async decision(requestId: string, state: 'granted' | 'refused' | 'ended', now: Date): Promise<Composed> {
    const request = await this.models.AccessRequest.findById(requestId).lean<AccessRequestDoc>();
    if (!request) return { skip: 'the request no longer exists' };
    // Granted, then ended before the mail went: only the end is told (its own job).
    if (request.state !== state) return { skip: `the request is ${request.state} now, not ${state}` };
    const [user, interview] = await Promise.all([
      this.models.User.findById(request.requesterId, { email: 1, locale: 1, status: 1 }).lean<UserDoc>(),
      this.models.Interview.findById(request.interviewId, { title: 1, status: 1, accessLevel: 1, release: 1 }).lean<InterviewDoc>(),
    ]);
    if (!user || user.status !== 'active') return { skip: 'the requester’s account is not open' };
    if (state === 'granted' && (!interview || !grantableLevel(interview, now) || (request.grantedUntil ?? now) <= now)) {
      return { skip: 'the grant no longer opens the interview (withdrawn, closed or past its date)' };
    }
    const locale = mailLocale(user.locale);
    const texts = mailTexts(locale);
    const site = `${this.config.siteUrl}/${locale}`;
    const address = `${site}/interviews/${request.interviewId.toHexString()}`;
    const mine = `${site}/my-requests`;
    const title = pickLocalized(interview?.title, locale) ?? address;
    const asked = request.createdAt.toISOString().slice(0, 10);
    const byWithdrawal = request.endedBy === 'withdrawal';
    const [subject, text] =
      state === 'granted'
        ? texts.granted({ title, until: mailDate(request.grantedUntil!), link: address })
        : state === 'refused'
          ? byWithdrawal
            ? texts.requestWithdrawn({ asked, address, link: mine })
            : texts.refused({ asked, address, reason: request.reason ?? '', link: mine })
          : byWithdrawal
            ? texts.withdrawn({ title, link: mine })
            : texts.ended({ title, reason: request.reason, link: mine });
    const kind = state !== 'granted' && byWithdrawal ? 'access.withdrawn' : `access.${state}`;
    return { message: { to: user.email, subject, text, kind }, about: { type: 'AccessRequest', id: request._id } };
  }
}
