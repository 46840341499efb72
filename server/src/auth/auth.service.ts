import type { Actor } from '../access/actor.js';
import { ANONYMOUS } from '../access/actor.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import { BadInputError, TooManyRequestsError, UnauthenticatedError } from '../errors.js';
import type { UserDoc } from '../users/user.model.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

const IP_FACTOR = 10;

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: UserDoc;
}

export class AuthService {
  constructor(
    private readonly models: Models,
    private readonly config: Config,
  ) {}

  /** The actor behind a session token; anonymous when the token is missing, unknown or expired. */
  async actorForToken(token: string | undefined, now = new Date()): Promise<{ actor: Actor; user?: UserDoc }> {
    if (!token) return { actor: ANONYMOUS };
    const session = await this.models.Session.findOne({ tokenHash: hashToken(this.config.sessionSecret, token) }).lean();
    // Expiry is checked here, not by a TTL index (FerretDB has none); a job sweeps old sessions.
    if (!session || session.expiresAt <= now) return { actor: ANONYMOUS };
    const user = await this.models.User.findById(session.userId).lean<UserDoc>();
    if (!user || user.status !== 'active') return { actor: ANONYMOUS };
    return { actor: { userId: user._id.toHexString(), roles: user.roles }, user };
  }

  async signIn(emailInput: string, password: string, clientAddress: string, now = new Date()): Promise<SignedIn> {
    const email = emailInput.trim().toLowerCase();
    if (!email) throw new BadInputError('email', 'is required');
    const limitKeys = [`email:${email}`, `ip:${clientAddress}`];
    await this.refuseWhenLimited(limitKeys, now);

    const user = await this.models.User.findOne({ email }).lean<UserDoc>();
    const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await decoyHash(), password);
    if (!user || !ok || user.status !== 'active') {
      await this.countFailure(limitKeys, now);
      throw new UnauthenticatedError('The e-mail or the password is wrong');
    }
    await this.models.SignInAttempt.deleteOne({ key: `email:${email}` });
    return this.openSession(user, now);
  }

  async openSession(user: UserDoc, now = new Date()): Promise<SignedIn> {
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlHours * 3600_000);
    await this.models.Session.create({
      tokenHash: hashToken(this.config.sessionSecret, token),
      userId: user._id,
      createdAt: now,
      expiresAt,
    });
    await this.models.User.updateOne({ _id: user._id }, { $set: { lastSignInAt: now } });
    return { token, expiresAt, user };
  }

  async signOut(token: string | undefined): Promise<void> {
    if (token) await this.models.Session.deleteOne({ tokenHash: hashToken(this.config.sessionSecret, token) });
  }

  /** Removes expired sessions and stale sign-in counters; run by a job. */
  async sweep(now = new Date()): Promise<number> {
    const windowStart = new Date(now.getTime() - this.config.signInLimit.windowSeconds * 1000);
    const [sessions] = await Promise.all([
      this.models.Session.deleteMany({ expiresAt: { $lte: now } }),
      this.models.SignInAttempt.deleteMany({ windowStart: { $lt: windowStart } }),
    ]);
    return sessions.deletedCount ?? 0;
  }

  private async refuseWhenLimited(keys: string[], now: Date) {
    const { attempts, windowSeconds } = this.config.signInLimit;
    const windowStart = new Date(now.getTime() - windowSeconds * 1000);
    const counters = await this.models.SignInAttempt.find({ key: { $in: keys }, windowStart: { $gt: windowStart } }).lean();
    // One address may front a whole school, so it gets more tries than one e-mail.
    const limitOf = (key: string) => (key.startsWith('ip:') ? attempts * IP_FACTOR : attempts);
    const blocked = counters.find((c) => c.failures >= limitOf(c.key));
    if (blocked) {
      const retryAfter = Math.ceil((blocked.windowStart.getTime() + windowSeconds * 1000 - now.getTime()) / 1000);
      throw new TooManyRequestsError(Math.max(1, retryAfter));
    }
  }

  private async countFailure(keys: string[], now: Date) {
    const windowStart = new Date(now.getTime() - this.config.signInLimit.windowSeconds * 1000);
    for (const key of keys) {
      // An expired window restarts at 1; a live one counts up. Two atomic single-document updates.
      const restarted = await this.models.SignInAttempt.updateOne(
        { key, windowStart: { $lte: windowStart } },
        { $set: { windowStart: now, failures: 1 } },
      );
      if (restarted.matchedCount) continue;
      try {
        await this.models.SignInAttempt.updateOne(
          { key },
          { $inc: { failures: 1 }, $setOnInsert: { windowStart: now } },
          { upsert: true },
        );
      } catch (err) {
        // Two first failures at once: the unique index let one insert win; count on it.
        if ((err as { code?: number }).code !== 11000) throw err;
        await this.models.SignInAttempt.updateOne({ key }, { $inc: { failures: 1 } });
      }
    }
  }
}
