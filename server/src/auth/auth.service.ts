import type { AccessRequestService } from '../access-requests/access-request.service.js';
import { Role } from '../access/levels.js';
import type { Actor } from '../access/actor.js';
import { ANONYMOUS } from '../access/actor.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import { BadInputError, TooManyRequestsError, UnauthenticatedError } from '../errors.js';
import type { UserDoc } from '../users/user.model.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { newKeyedToken, tokenKey } from './tokens.js';
import { findByToken, tokenFilter } from './token-records.js';
import type { SessionDoc } from './session.model.js';
import { isDuplicateKey } from '../common/concurrency.js';
import { toObjectId } from '../common/ids.js';
import { requireSignedIn } from '../access/policy.js';

const IP_FACTOR = 10;
/** The last use is written at most once a minute (or a tenth of the idle time, if shorter): reads stay reads. */
const LAST_USE_STEP_MS = 60_000;

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: UserDoc;
}

export class AuthService {
  constructor(
    private readonly models: Models,
    private readonly config: Config,
    private readonly accessRequests?: AccessRequestService,
  ) {}

  /** The actor behind a session token; anonymous when the token is missing, unknown, expired or idle too long. */
  async actorForToken(token: string | undefined, now = new Date()): Promise<{ actor: Actor; user?: UserDoc }> {
    if (!token) return { actor: ANONYMOUS };
    // One `_id` read (tokens.ts); the session's user and its grants are read fresh on every request too,
    // so a sign-out, a disabled account, a role taken away or a grant ended holds from the next request.
    const session = await findByToken<SessionDoc>(this.models.Session, this.config.sessionSecret, token);
    // Expiry is checked here, not by a TTL index (FerretDB has none); a job sweeps old sessions.
    if (!session || session.expiresAt <= now) return { actor: ANONYMOUS };
    const lastUsed = (session.lastUsedAt ?? session.createdAt).getTime();
    if (lastUsed <= this.idleCutoff(now).getTime()) return { actor: ANONYMOUS };
    const user = await this.models.User.findById(session.userId).lean<UserDoc>();
    if (!user || user.status !== 'active') return { actor: ANONYMOUS };
    if (now.getTime() - lastUsed >= Math.min(LAST_USE_STEP_MS, this.config.sessionIdleMinutes * 6_000)) {
      await this.models.Session.updateOne({ _id: session._id }, { $set: { lastUsedAt: now } });
    }
    // Grants come with the session, so every policy check of this request sees them.
    // Researchers and editors are cleared for research or more already: a grant adds nothing, so no read.
    const mayHoldGrants = !user.roles.some((r) => r === Role.researcher || r === Role.editor || r === Role.admin);
    const grants = (mayHoldGrants && (await this.accessRequests?.grantsOf(user, now))) || [];
    return { actor: { userId: user._id.toHexString(), roles: user.roles, ...(grants.length ? { grants } : {}) }, user };
  }

  async signIn(emailInput: string, password: string, clientAddress: string, now = new Date()): Promise<SignedIn> {
    const email = emailInput.trim().toLowerCase();
    if (!email) throw new BadInputError('email', 'is required');
    // Counted before the password is checked, so a parallel burst cannot pass the limit whole.
    await this.claimAttempt(`email:${email}`, now);
    await this.claimAttempt(`ip:${clientAddress}`, now);

    const user = await this.models.User.findOne({ email }).lean<UserDoc>();
    const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await decoyHash(), password);
    // Only someone who knows the password learns that the account waits for its confirmation.
    if (user && ok && user.status === 'unconfirmed') throw new UnauthenticatedError('Confirm your e-mail address first: follow the link in the mail we sent');
    if (!user || !ok || user.status !== 'active') {
      throw new UnauthenticatedError('The e-mail or the password is wrong');
    }
    // A right password starts the e-mail's count afresh (the address keeps its count).
    await this.models.SignInAttempt.deleteMany({ key: `email:${email}` });
    return this.openSession(user, now);
  }

  async openSession(user: UserDoc, now = new Date()): Promise<SignedIn> {
    const token = newKeyedToken();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlHours * 3600_000);
    await this.models.Session.create({
      ...tokenKey(this.config.sessionSecret, token),
      userId: user._id,
      createdAt: now,
      lastUsedAt: now,
      expiresAt,
    });
    await this.models.User.updateOne({ _id: user._id }, { $set: { lastSignInAt: now } });
    return { token, expiresAt, user };
  }

  /** Every session of the signed-in user, this one included (a lost phone, a shared computer). */
  async signOutEverywhere(actor: Actor): Promise<number> {
    requireSignedIn(actor);
    const { deletedCount } = await this.models.Session.deleteMany({ userId: toObjectId('userId', actor.userId) });
    return deletedCount;
  }

  async signOut(token: string | undefined): Promise<void> {
    if (token) await this.models.Session.deleteOne(tokenFilter(this.config.sessionSecret, token));
  }

  /** Sessions last used at or before this are ended. */
  private idleCutoff(now: Date): Date {
    return new Date(now.getTime() - this.config.sessionIdleMinutes * 60_000);
  }

  /** Removes expired and idle sessions and stale sign-in counters; run by a job. */
  async sweep(now = new Date()): Promise<number> {
    const windowStart = new Date(now.getTime() - this.config.signInLimit.windowSeconds * 1000);
    const idle = this.idleCutoff(now);
    const [sessions] = await Promise.all([
      this.models.Session.deleteMany({
        $or: [{ expiresAt: { $lte: now } }, { lastUsedAt: { $lte: idle } }, { lastUsedAt: { $exists: false }, createdAt: { $lte: idle } }],
      }),
      this.models.SignInAttempt.deleteMany({ at: { $lt: windowStart } }),
    ]);
    return sessions.deletedCount ?? 0;
  }

  /**
   * Claims the next attempt of `key` in the current window, or refuses with TOO_MANY_REQUESTS. The
   * claim is an insert of "key|window|n": two callers cannot both get n, so at most the limit pass.
   * Sign-up and e-mail confirmation (readers/) count here too, sharing the address's count.
   */
  async claimAttempt(key: string, now: Date): Promise<void> {
    const { attempts, windowSeconds } = this.config.signInLimit;
    // One address may front a whole school, so it gets more tries than one e-mail.
    const limit = key.startsWith('ip:') ? attempts * IP_FACTOR : attempts;
    const windowMs = windowSeconds * 1000;
    const window = Math.floor(now.getTime() / windowMs);
    let n = (await this.models.SignInAttempt.countDocuments({ key, window })) + 1;
    for (; n <= limit; n++) {
      try {
        await this.models.SignInAttempt.create({ _id: `${key}|${window}|${n}`, key, window, at: now });
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new TooManyRequestsError(Math.max(1, Math.ceil(((window + 1) * windowMs - now.getTime()) / 1000)));
  }
}
