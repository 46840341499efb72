import { Arg, Args, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import {
  CreateInterviewInput,
  InterviewsArgs,
  RequestReleaseUploadInput,
  SetAccessInput,
  SetIndexSegmentsInput,
  SetReleaseInput,
  SetStatusInput,
  UpdateInterviewInput,
  WithdrawInput,
} from './interview.input.js';
import { Interview, InterviewConnection, toInterview } from './interview.type.js';

@ObjectType({ description: 'Where to PUT the release document: straight to storage, within the expiry' })
class UploadTarget {
  @Field(() => String) key: string;
  @Field(() => String) url: string;
  @Field(() => Date) expiresAt: Date;
}

/** Queries and mutations of interviews; the fields of Interview itself are in interview-fields.resolver.ts. */
@Resolver(() => Interview)
export class InterviewResolver {
  @Query(() => Interview, { description: 'NOT_FOUND when it does not exist or the viewer may not see it' })
  async interview(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Interview> {
    return toInterview(await ctx.services.interviews.get(ctx.actor, id, ctx.reads, ctx.now), ctx.actor, ctx.now);
  }

  @Query(() => InterviewConnection, { description: 'Newest first; only what the viewer may see, counted the same way' })
  async interviews(@Args(() => InterviewsArgs) args: InterviewsArgs, @Ctx() ctx: Context): Promise<InterviewConnection> {
    const page = await ctx.services.interviews.list(ctx.actor, args, ctx.reads, ctx.now);
    return { ...page, nodes: page.nodes.map((d) => toInterview(d, ctx.actor, ctx.now)) };
  }

  @Mutation(() => Interview)
  async createInterview(@Arg('input', () => CreateInterviewInput) input: CreateInterviewInput, @Ctx() ctx: Context) {
    return toInterview(await ctx.services.interviews.create(ctx.actor, input, ctx.reads), ctx.actor);
  }

  @Mutation(() => Interview)
  async updateInterview(@Arg('input', () => UpdateInterviewInput) input: UpdateInterviewInput, @Ctx() ctx: Context) {
    return toInterview(await ctx.services.interviews.update(ctx.actor, input, ctx.reads), ctx.actor);
  }

  @Mutation(() => Interview, { description: 'Record what the signed release permits (uploader or editor)' })
  async setInterviewRelease(@Arg('input', () => SetReleaseInput) input: SetReleaseInput, @Ctx() ctx: Context) {
    return toInterview(await ctx.services.interviews.setRelease(ctx.actor, input, ctx.reads), ctx.actor);
  }

  @Mutation(() => UploadTarget, { description: 'A presigned PUT for the scanned release (PDF or image), to a private prefix' })
  async requestReleaseUpload(
    @Arg('input', () => RequestReleaseUploadInput) input: RequestReleaseUploadInput,
    @Ctx() ctx: Context,
  ): Promise<UploadTarget> {
    return ctx.services.interviews.requestReleaseUpload(ctx.actor, input, ctx.reads);
  }

  @Mutation(() => Interview, { description: 'Editors only' })
  async setInterviewAccess(@Arg('input', () => SetAccessInput) input: SetAccessInput, @Ctx() ctx: Context) {
    return toInterview(await ctx.services.interviews.setAccess(ctx.actor, input, ctx.reads), ctx.actor);
  }

  @Mutation(() => Interview, { description: 'Uploaders send for review; editors publish' })
  async setInterviewStatus(@Arg('input', () => SetStatusInput) input: SetStatusInput, @Ctx() ctx: Context) {
    return toInterview(await ctx.services.interviews.setStatus(ctx.actor, input, ctx.reads), ctx.actor);
  }

  @Mutation(() => Interview, { description: 'The narrator withdrew: closed everywhere at once' })
  async withdrawInterview(@Arg('input', () => WithdrawInput) input: WithdrawInput, @Ctx() ctx: Context) {
    return toInterview(await ctx.services.interviews.withdraw(ctx.actor, input, ctx.reads), ctx.actor);
  }

  @Mutation(() => Interview, { description: 'Editors only' })
  async reinstateInterview(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: Context,
  ) {
    return toInterview(await ctx.services.interviews.reinstate(ctx.actor, id, version, ctx.reads), ctx.actor);
  }

  @Mutation(() => Interview, { description: 'Replace the index (chapters)' })
  async setIndexSegments(@Arg('input', () => SetIndexSegmentsInput) input: SetIndexSegmentsInput, @Ctx() ctx: Context) {
    return toInterview(await ctx.services.interviews.setIndexSegments(ctx.actor, input, ctx.reads), ctx.actor);
  }
}
