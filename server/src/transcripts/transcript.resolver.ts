import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../common/pagination.js';
import type { Context } from '../context.js';
import { CreateTranscriptInput, EditTranscriptInput, MergeSegmentsArgs, SplitSegmentArgs } from './transcript.input.js';
import type { Viewed } from './transcript.service.js';
import {
  Contributor,
  Transcript,
  TranscriptRevision,
  TranscriptRevisionConnection,
  toRevision,
  toTranscript,
} from './transcript.type.js';

const EDITORS = 'The uploader of the interview or an editor; send the version you edited, a stale one gets CONFLICT';
export const show = (viewed: Viewed, ctx: Context) => toTranscript(viewed.transcript, viewed.interview, ctx.actor);

@Resolver(() => Transcript)
export class TranscriptResolver {
  @Query(() => Transcript, { description: 'NOT_FOUND when it does not exist or the viewer may not see its interview' })
  async transcript(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Transcript> {
    return show(await ctx.services.transcripts.get(ctx.actor, id, ctx.reads, ctx.now), ctx);
  }

  @Mutation(() => Transcript, { description: 'One transcript per interview and language; uploader or editor' })
  async createTranscript(@Arg('input', () => CreateTranscriptInput) input: CreateTranscriptInput, @Ctx() ctx: Context) {
    return show(await ctx.services.transcripts.create(ctx.actor, input, ctx.reads), ctx);
  }

  @Mutation(() => Transcript, { description: `${EDITORS}. All changes are saved together or not at all` })
  async editTranscript(@Arg('input', () => EditTranscriptInput) input: EditTranscriptInput, @Ctx() ctx: Context) {
    return show(await ctx.services.transcripts.edit(ctx.actor, input, ctx.reads), ctx);
  }

  @Mutation(() => Transcript, { description: `Split a segment in two at a time inside it. ${EDITORS}` })
  async splitSegment(@Args(() => SplitSegmentArgs) args: SplitSegmentArgs, @Ctx() ctx: Context) {
    return show(await ctx.services.transcripts.split(ctx.actor, args, ctx.reads), ctx);
  }

  @Mutation(() => Transcript, { description: `Join a segment with the one right after it. ${EDITORS}` })
  async mergeSegments(@Args(() => MergeSegmentsArgs) args: MergeSegmentsArgs, @Ctx() ctx: Context) {
    return show(await ctx.services.transcripts.merge(ctx.actor, args, ctx.reads), ctx);
  }

  @Mutation(() => Transcript, { description: 'Editors only; any later edit takes it back to corrected' })
  async approveTranscript(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: Context,
  ) {
    return show(await ctx.services.transcripts.approve(ctx.actor, id, version, ctx.reads), ctx);
  }

  @FieldResolver(() => Contributor, { nullable: true, description: 'Staff only' })
  async approvedBy(@Root() transcript: Transcript, @Ctx() ctx: Context): Promise<Contributor | null> {
    return ctx.services.transcripts.approver(ctx.actor, transcript.doc, ctx.reads);
  }

  @FieldResolver(() => TranscriptRevisionConnection, {
    description: 'Newest first. Staff and those who may edit the interview; an empty list for anyone else',
  })
  async revisions(
    @Root() transcript: Transcript,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<TranscriptRevisionConnection> {
    const viewed = { transcript: transcript.doc, interview: transcript.interview };
    const page = await ctx.services.transcripts.revisions(ctx.actor, viewed, args);
    return { ...page, nodes: page.nodes.map((r) => toRevision(r, transcript.interview, ctx.actor)) };
  }
}

@Resolver(() => TranscriptRevision)
export class TranscriptRevisionResolver {
  @FieldResolver(() => Contributor, { description: 'Who saved it' })
  async by(@Root() revision: TranscriptRevision, @Ctx() ctx: Context): Promise<Contributor> {
    return ctx.services.transcripts.contributor(ctx.reads, revision.byId);
  }
}
