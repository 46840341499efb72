import { Args, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { SESSION_COOKIE, type Context } from '../context.js';
import { SignInArgs } from '../users/user.input.js';
import { User, toUser } from '../users/user.type.js';

@ObjectType()
export class SignInResult {
  @Field(() => User) user: User;
  @Field(() => Date) expiresAt: Date;
  @Field(() => String, { description: 'Also set as an httpOnly cookie; scripts send it as a Bearer token' })
  token: string;
}

/** The session cookie of a sign-in (signIn, and confirmEmail in readers/). */
export function setSessionCookie(ctx: Context, result: { token: string; expiresAt: Date }): void {
  ctx.res.cookie(SESSION_COOKIE, result.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.mode === 'production',
    expires: result.expiresAt,
    path: '/',
  });
}

@Resolver()
export class AuthResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user, or null' })
  me(@Ctx() ctx: Context): User | null {
    // The user the session was resolved with in this request (http/actor.ts), not a second read.
    return ctx.actor.userId && ctx.user ? toUser(ctx.user, true) : null;
  }

  @Mutation(() => SignInResult)
  async signIn(@Args(() => SignInArgs) { email, password }: SignInArgs, @Ctx() ctx: Context): Promise<SignInResult> {
    const result = await ctx.services.auth.signIn(email, password, ctx.req.ip ?? 'unknown');
    setSessionCookie(ctx, result);
    return { user: toUser(result.user, true), expiresAt: result.expiresAt, token: result.token };
  }

  @Mutation(() => Int, { description: 'Ends every session of the signed-in user, this one too; returns how many' })
  async signOutEverywhere(@Ctx() ctx: Context): Promise<number> {
    const ended = await ctx.services.auth.signOutEverywhere(ctx.actor);
    ctx.res.clearCookie(SESSION_COOKIE, { path: '/' });
    return ended;
  }

  @Mutation(() => Boolean)
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.auth.signOut(ctx.sessionToken);
    ctx.res.clearCookie(SESSION_COOKIE, { path: '/' });
    return true;
  }
}
