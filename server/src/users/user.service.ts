import type { Actor } from '../access/actor.js';
import { Role } from '../access/levels.js';
import { canManageUsers, requireThat } from '../access/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { changedFields } from '../audit/audit.service.js';
import { hashPassword } from '../auth/passwords.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { isDuplicateKey, updateVersioned } from '../common/concurrency.js';
import { toObjectId } from '../common/ids.js';
import { type Page, type PageArgs, paginate } from '../common/pagination.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import { BadInputError, NotFoundError } from '../errors.js';
import type { InvitationDoc, UserDoc } from './user.model.js';
import type { AcceptInvitationInput, InviteUserInput, SetUserRolesInput, SetUserStatusInput } from './user.input.js';

const INVITATION_DAYS = 14;
const uniqueRoles = (roles: Role[]) => [...new Set(roles)];

export class UserService {
  constructor(
    private readonly models: Models,
    private readonly config: Config,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, page: PageArgs): Promise<Page<UserDoc>> {
    requireThat(actor, canManageUsers(actor), 'Only an admin may list users');
    return paginate<UserDoc>(this.models.User, {}, page);
  }

  async invite(actor: Actor, input: InviteUserInput): Promise<{ invitation: InvitationDoc; token: string }> {
    requireThat(actor, canManageUsers(actor), 'Only an admin may invite users');
    const email = input.email.trim().toLowerCase();
    if (await this.models.User.exists({ email })) throw new BadInputError('email', `${email} already has an account`);
    const token = newToken();
    const invitation = await this.models.Invitation.create({
      email,
      name: input.name.trim(),
      roles: uniqueRoles(input.roles),
      tokenHash: hashToken(this.config.sessionSecret, token),
      invitedBy: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86400_000),
    });
    await this.audit.record(actor, 'user.invite', { type: 'Invitation', id: invitation._id }, {
      after: { email, roles: invitation.roles },
    });
    return { invitation: invitation.toObject(), token };
  }

  async openInvitations(actor: Actor, page: PageArgs, now: Date): Promise<Page<InvitationDoc>> {
    requireThat(actor, canManageUsers(actor), 'Only an admin may list invitations');
    return paginate<InvitationDoc>(this.models.Invitation, { acceptedAt: null, revokedAt: null, expiresAt: { $gt: now } }, page);
  }

  /** Claimed in one update, so an invitation is either accepted or revoked, never both. */
  async revokeInvitation(actor: Actor, id: string, now: Date): Promise<InvitationDoc> {
    requireThat(actor, canManageUsers(actor), 'Only an admin may revoke invitations');
    const _id = toObjectId('id', id);
    const revoked = await this.models.Invitation.findOneAndUpdate(
      { _id, acceptedAt: null, revokedAt: null },
      { $set: { revokedAt: now } },
      { returnDocument: 'after' },
    ).lean<InvitationDoc>();
    if (!revoked) {
      const found = await this.models.Invitation.findById(_id, { acceptedAt: 1 }).lean<InvitationDoc>();
      if (!found) throw new NotFoundError('Invitation');
      throw new BadInputError(
        'id',
        found.acceptedAt ? 'this invitation was already accepted; disable the user instead' : 'this invitation is already revoked',
      );
    }
    await this.audit.record(actor, 'user.invite.revoke', { type: 'Invitation', id: _id }, { before: { email: revoked.email, roles: revoked.roles } });
    return revoked;
  }

  /** Anyone holding a valid invitation token becomes that user, with the roles the admin chose. */
  async acceptInvitation(input: AcceptInvitationInput, now = new Date()): Promise<UserDoc> {
    const tokenHash = hashToken(this.config.sessionSecret, input.token);
    // Claim the invitation atomically so a token can be used once, even by two tabs at once.
    const invitation = await this.models.Invitation.findOneAndUpdate(
      { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { $gt: now } },
      { $set: { acceptedAt: now } },
      { returnDocument: 'after' },
    ).lean<InvitationDoc>();
    if (!invitation) {
      // Whoever holds the token was invited: telling them it was taken back says nothing new.
      const revoked = await this.models.Invitation.exists({ tokenHash, revokedAt: { $ne: null } });
      throw new BadInputError(
        'token',
        revoked ? 'this invitation was revoked by an admin; ask an admin for a new one' : 'is unknown, already used or expired; ask an admin for a new invitation',
      );
    }
    try {
      const user = await this.models.User.create({
        email: invitation.email,
        name: invitation.name,
        roles: invitation.roles,
        passwordHash: await hashPassword(input.password),
      });
      await this.audit.record({ userId: user._id.toHexString(), roles: user.roles }, 'user.join', {
        type: 'User',
        id: user._id,
      });
      return user.toObject();
    } catch (err) {
      await this.models.Invitation.updateOne({ _id: invitation._id }, { $set: { acceptedAt: null } });
      if (isDuplicateKey(err)) throw new BadInputError('email', `${invitation.email} already has an account`);
      throw err;
    }
  }

  async setRoles(actor: Actor, input: SetUserRolesInput): Promise<UserDoc> {
    requireThat(actor, canManageUsers(actor), 'Only an admin may change roles');
    const id = toObjectId('id', input.id);
    const roles = uniqueRoles(input.roles);
    if (id.toHexString() === actor.userId && !roles.includes(Role.admin)) {
      throw new BadInputError('roles', 'you cannot remove your own admin role; ask another admin');
    }
    const before = await this.models.User.findById(id).lean<UserDoc>();
    if (!before) throw new NotFoundError('User');
    const after = await updateVersioned<UserDoc>(this.models.User, 'User', id, input.version, { $set: { roles } });
    await this.audit.record(actor, 'user.roles', { type: 'User', id, version: after.version }, changedFields(before, after, ['roles']));
    return after;
  }

  async setStatus(actor: Actor, input: SetUserStatusInput): Promise<UserDoc> {
    requireThat(actor, canManageUsers(actor), 'Only an admin may enable or disable users');
    const id = toObjectId('id', input.id);
    if (id.toHexString() === actor.userId) throw new BadInputError('id', 'you cannot disable yourself');
    const before = await this.models.User.findById(id).lean<UserDoc>();
    if (!before) throw new NotFoundError('User');
    const after = await updateVersioned<UserDoc>(this.models.User, 'User', id, input.version, {
      $set: { status: input.status },
    });
    if (input.status === 'disabled') await this.models.Session.deleteMany({ userId: id });
    await this.audit.record(actor, 'user.status', { type: 'User', id, version: after.version }, changedFields(before, after, ['status']));
    return after;
  }

  /** For set-up scripts and tests: creates an active user directly (no API path reaches this). */
  async createDirectly(input: { email: string; name: string; password: string; roles: Role[] }): Promise<UserDoc> {
    const user = await this.models.User.create({
      email: input.email,
      name: input.name,
      roles: uniqueRoles(input.roles),
      passwordHash: await hashPassword(input.password),
    });
    return user.toObject();
  }
}
