import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs } from '../common/pagination.js';
import type { Context } from '../context.js';
import { AcceptInvitationInput, InviteUserInput, SetUserRolesInput, SetUserStatusInput } from './user.input.js';
import { Invitation, InvitationConnection, User, UserConnection, toInvitation, toUser } from './user.type.js';

@Resolver(() => User)
export class UserResolver {
  @Query(() => UserConnection, { description: 'Admins only' })
  async users(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context): Promise<UserConnection> {
    const result = await ctx.services.users.list(ctx.actor, page);
    return { ...result, nodes: result.nodes.map((u) => toUser(u, true)) };
  }

  @Query(() => InvitationConnection, { description: 'Admins only: the invitations still open (not accepted, revoked or expired), newest first' })
  async invitations(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context): Promise<InvitationConnection> {
    const result = await ctx.services.users.openInvitations(ctx.actor, page, ctx.now);
    return { ...result, nodes: result.nodes.map((i) => toInvitation(i)) };
  }

  @Mutation(() => Invitation, { description: 'Admins only; the answer carries the token once' })
  async inviteUser(@Arg('input', () => InviteUserInput) input: InviteUserInput, @Ctx() ctx: Context): Promise<Invitation> {
    const { invitation, token } = await ctx.services.users.invite(ctx.actor, input);
    return toInvitation(invitation, token);
  }

  @Mutation(() => Invitation, { description: 'Admins only: an open invitation can no longer be accepted' })
  async revokeInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Invitation> {
    return toInvitation(await ctx.services.users.revokeInvitation(ctx.actor, id, ctx.now));
  }

  @Mutation(() => User)
  async acceptInvitation(
    @Arg('input', () => AcceptInvitationInput) input: AcceptInvitationInput,
    @Ctx() ctx: Context,
  ): Promise<User> {
    return toUser(await ctx.services.users.acceptInvitation(input), true);
  }

  @Mutation(() => User, { description: 'Admins only' })
  async setUserRoles(@Arg('input', () => SetUserRolesInput) input: SetUserRolesInput, @Ctx() ctx: Context): Promise<User> {
    return toUser(await ctx.services.users.setRoles(ctx.actor, input), true);
  }

  @Mutation(() => User, { description: 'Admins only; disabling ends the user’s sessions' })
  async setUserStatus(@Arg('input', () => SetUserStatusInput) input: SetUserStatusInput, @Ctx() ctx: Context): Promise<User> {
    return toUser(await ctx.services.users.setStatus(ctx.actor, input), true);
  }
}
