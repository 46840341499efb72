import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs } from '../common/pagination.js';
import type { Context } from '../context.js';
import { AcceptInvitationInput, InviteUserInput, SetUserRolesInput, SetUserStatusInput } from './user.input.js';
import { Invitation, User, UserConnection, toUser } from './user.type.js';

@Resolver(() => User)
export class UserResolver {
  @Query(() => UserConnection, { description: 'Admins only' })
  async users(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context): Promise<UserConnection> {
    const result = await ctx.services.users.list(ctx.actor, page);
    return { ...result, nodes: result.nodes.map((u) => toUser(u, true)) };
  }

  @Mutation(() => Invitation, { description: 'Admins only; the answer carries the token once' })
  async inviteUser(@Arg('input', () => InviteUserInput) input: InviteUserInput, @Ctx() ctx: Context): Promise<Invitation> {
    const { invitation, token } = await ctx.services.users.invite(ctx.actor, input);
    return {
      id: invitation._id.toHexString(),
      email: invitation.email,
      name: invitation.name,
      roles: invitation.roles,
      expiresAt: invitation.expiresAt,
      token,
    };
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
