import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { DEFAULT_DAYS } from './class-link.service.js';
import { ClassLesson, ClassLink, CreatedClassLink, toClassLesson, toClassLink } from './class-link.type.js';

@Resolver()
export class ClassLinkResolver {
  @Mutation(() => CreatedClassLink, { description: 'The author of the lesson or an editor; days from 1 to 365' })
  async createClassLink(
    @Arg('collectionId', () => ID) collectionId: string,
    @Arg('days', () => Int, { defaultValue: DEFAULT_DAYS }) days: number,
    @Arg('language', () => String, { defaultValue: 'kk', description: 'The interface language the link opens in: kk, ru or en' }) language: string,
    @Ctx() ctx: Context,
  ): Promise<CreatedClassLink> {
    const { link, url } = await ctx.services.classLinks.create(ctx.actor, collectionId, days, language, ctx.now);
    return { link: toClassLink(link, ctx.now), url };
  }

  @Query(() => [ClassLink], { description: 'The links of a lesson, newest first, without their tokens' })
  async classLinks(@Arg('collectionId', () => ID) collectionId: string, @Ctx() ctx: Context): Promise<ClassLink[]> {
    return (await ctx.services.classLinks.list(ctx.actor, collectionId)).map((l) => toClassLink(l, ctx.now));
  }

  @Mutation(() => ClassLink, { description: 'The link stops working at once' })
  async revokeClassLink(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ClassLink> {
    return toClassLink(await ctx.services.classLinks.revoke(ctx.actor, id, ctx.now), ctx.now);
  }

  @Query(() => ClassLesson, { description: 'For pupils, without an account; NOT_FOUND when the link is missing, expired or revoked' })
  async classLesson(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<ClassLesson> {
    const opened = await ctx.services.classLinks.open(token, ctx.now);
    return toClassLesson(opened, await ctx.services.classLinks.clips(opened, ctx.now));
  }
}
