/**
 * Reader accounts: anyone may sign up (e-mail, password, name) and becomes a reader, with public
 * clearance plus what editors grant; staff roles stay invitation-only (users/). The account opens
 * only when its e-mail is confirmed by a one-time link, together with the password it was made with:
 * holding the mailbox alone, or the password alone, opens nothing.
 */
import { Types } from 'mongoose';
import { Role } from '../access/levels.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthService, SignedIn } from '../auth/auth.service.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords.js';
import { confirmationToken, hashToken } from '../auth/tokens.js';
import { isDuplicateKey } from '../common/concurrency.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import { BadInputError, UnauthenticatedError } from '../errors.js';
import { MailQueue } from '../mail/mail-queue.js';
import { mailLocale } from '../mail/messages.js';
import type { UserDoc } from '../users/user.model.js';
import type { EmailConfirmationDoc } from './email-confirmation.model.js';

/** How long a confirmation link works; an account never confirmed is removed after it. */
export const CONFIRM_HOURS = 48;
export const MAX_EMAIL = 254;
export const MAX_NAME = 200;
export const MAX_PASSWORD = 200;

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  locale?: string | null;
}

export class ReaderService {
  private readonly mail: MailQueue;

  constructor(
    private readonly models: Models,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {
    this.mail = new MailQueue(models);
  }

  /**
   * Always answers the same way ("look in your mailbox"), so the form tells nobody whether an
   * address has an account: an address that has one is mailed a reminder instead of a link.
   */
  async signUp(input: SignUpInput, clientAddress: string, now = new Date()): Promise<void> {
    const email = input.email.trim().toLowerCase();
    const name = input.name.trim();
    if (!email || email.length > MAX_EMAIL || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new BadInputError('email', 'must be an e-mail address');
    if (!name || name.length > MAX_NAME) throw new BadInputError('name', `must be 1 to ${MAX_NAME} characters`);
    if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD) {
      throw new BadInputError('password', `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD} characters`);
    }
    // Limited like sign-in (the address's count is shared with it): sign-up sends mail and hashes a password.
    await this.auth.claimAttempt(`sign-up:${email}`, now);
    await this.auth.claimAttempt(`ip:${clientAddress}`, now);
    const locale = mailLocale(input.locale);

    // Hashed on every path, so the time taken does not tell whether the address has an account.
    const passwordHash = await hashPassword(input.password);
    const existing = await this.models.User.findOne({ email }).lean<UserDoc>();
    if (existing && existing.status !== 'unconfirmed') return this.remind(existing, locale);
    let user: UserDoc | null;
    if (existing) {
      // The latest sign-up of an unconfirmed address wins, and earlier links stop working: confirming
      // needs the password, so nobody can confirm an account with a password someone else chose.
      user = await this.models.User.findOneAndUpdate(
        { _id: existing._id, status: 'unconfirmed' },
        { $set: { name, passwordHash, locale }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      ).lean<UserDoc>();
      if (!user) return this.remind(existing, locale);
      await this.models.EmailConfirmation.deleteMany({ userId: user._id });
    } else {
      try {
        user = (await this.models.User.create({ email, name, roles: [Role.reader], status: 'unconfirmed', passwordHash, locale })).toObject();
      } catch (err) {
        // Two sign-ups of one address at once: the other one mails the link.
        if (isDuplicateKey(err)) return;
        throw err;
      }
      await this.audit.record({ userId: user._id.toHexString(), roles: user.roles }, 'user.sign-up', { type: 'User', id: user._id });
    }
    // The token is derived from the record's id (auth/tokens.ts), so the mail job can write the link
    // when SMTP takes it, and the token itself is never stored.
    const _id = new Types.ObjectId();
    await this.models.EmailConfirmation.create({
      _id,
      tokenHash: hashToken(this.config.sessionSecret, confirmationToken(this.config.sessionSecret, _id.toHexString())),
      userId: user._id,
      expiresAt: new Date(now.getTime() + CONFIRM_HOURS * 3600_000),
      createdAt: now,
    });
    await this.mail.enqueue({ mail: 'confirm', confirmationId: _id.toHexString() });
  }

  /** The link's token and the account's password: the address is confirmed, the account opens and is signed in. */
  async confirmEmail(token: string, password: string, clientAddress: string, now = new Date()): Promise<SignedIn> {
    await this.auth.claimAttempt(`ip:${clientAddress}`, now);
    const tokenHash = hashToken(this.config.sessionSecret, token);
    const unusable = () => new BadInputError('token', 'is unknown, already used or expired; sign up again for a new link');
    const confirmation = await this.models.EmailConfirmation.findOne({ tokenHash, usedAt: null, expiresAt: { $gt: now } }).lean<EmailConfirmationDoc>();
    if (!confirmation) throw unusable();
    const user = await this.models.User.findById(confirmation.userId).lean<UserDoc>();
    if (!user || user.status !== 'unconfirmed') throw unusable();
    // A wrong password leaves the link usable: the owner of the mailbox may have mistyped it.
    if (!(await verifyPassword(user.passwordHash, password))) throw new UnauthenticatedError('The password is not the one this account was made with');
    // Claimed atomically, so the link works once even from two tabs.
    const claimed = await this.models.EmailConfirmation.findOneAndUpdate({ _id: confirmation._id, usedAt: null }, { $set: { usedAt: now } });
    if (!claimed) throw unusable();
    const opened = await this.models.User.findOneAndUpdate(
      { _id: user._id, status: 'unconfirmed', passwordHash: user.passwordHash },
      { $set: { status: 'active' }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean<UserDoc>();
    if (!opened) throw unusable();
    await this.audit.record({ userId: opened._id.toHexString(), roles: opened.roles }, 'user.confirm', { type: 'User', id: opened._id });
    return this.auth.openSession(opened, now);
  }

  /** Run by the housekeeping job: used and expired links, and accounts never confirmed within CONFIRM_HOURS. */
  async sweep(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - CONFIRM_HOURS * 3600_000);
    await this.models.EmailConfirmation.deleteMany({ $or: [{ expiresAt: { $lte: now } }, { usedAt: { $ne: null } }] });
    const { deletedCount } = await this.models.User.deleteMany({ status: 'unconfirmed', updatedAt: { $lt: before } });
    return deletedCount ?? 0;
  }

  private async remind(user: UserDoc, locale: ReturnType<typeof mailLocale>): Promise<void> {
    await this.mail.enqueue({ mail: 'already-registered', userId: user._id.toHexString(), locale });
  }
}
