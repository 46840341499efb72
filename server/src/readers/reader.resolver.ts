import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { SignInResult, setSessionCookie } from '../auth/auth.resolver.js';
import type { Context } from '../context.js';
import { toUser } from '../users/user.type.js';
import { ConfirmEmailInput, SignUpInput } from './reader.input.js';

@Resolver()
export class ReaderResolver {
  @Mutation(() => Boolean, { description: 'Anyone: a reader account; a confirmation link goes to the address (always true, so it tells nobody which addresses have accounts)' })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.readers.signUp(input, ctx.req.ip ?? 'unknown');
    return true;
  }

  @Mutation(() => SignInResult, { description: 'The link’s token and the password: confirms the address and signs in' })
  async confirmEmail(@Arg('input', () => ConfirmEmailInput) input: ConfirmEmailInput, @Ctx() ctx: Context): Promise<SignInResult> {
    const result = await ctx.services.readers.confirmEmail(input.token, input.password, ctx.req.ip ?? 'unknown');
    setSessionCookie(ctx, result);
    return { user: toUser(result.user, true), expiresAt: result.expiresAt, token: result.token };
  }
}
