import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Interview } from '../interviews/interview.type.js';
import { Transcript, toTranscript } from './transcript.type.js';

/** Adds `transcripts` and `transcript` to Interview from this folder; type-graphql merges them with InterviewResolver's fields. */
@Resolver(() => Interview)
export class InterviewTranscriptsResolver {
  @FieldResolver(() => [Transcript], {
    description: 'The transcripts the viewer may read, one per spoken language, main language first; each with only the segments the viewer may see',
  })
  async transcripts(@Root() interview: Interview, @Ctx() ctx: Context): Promise<Transcript[]> {
    const docs = await ctx.services.transcripts.ofInterview(ctx.actor, interview.doc, ctx.loaders, ctx.now);
    return docs.map((doc) => toTranscript(doc, interview.doc, ctx.actor));
  }

  @FieldResolver(() => Transcript, {
    nullable: true,
    description:
      'The transcript this viewer is shown: in `language` if there is one they may read, else the first of `transcripts`; null when there is none. Its captions are /api/interviews/:id/transcript.vtt?lang=<its language>',
  })
  async transcript(
    @Root() interview: Interview,
    @Arg('language', () => String, { nullable: true }) language: string | null,
    @Ctx() ctx: Context,
  ): Promise<Transcript | null> {
    const doc = await ctx.services.transcripts.chosen(ctx.actor, interview.doc, ctx.loaders, language, ctx.now);
    return doc ? toTranscript(doc, interview.doc, ctx.actor) : null;
  }
}
