import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Interview } from '../interviews/interview.type.js';
import { Transcript, toTranscript } from './transcript.type.js';

/** Adds `transcripts` to Interview from this folder; type-graphql merges it with InterviewResolver's fields. */
@Resolver(() => Interview)
export class InterviewTranscriptsResolver {
  @FieldResolver(() => [Transcript], { description: 'One per spoken language, each with only the segments the viewer may see' })
  async transcripts(@Root() interview: Interview, @Ctx() ctx: Context): Promise<Transcript[]> {
    const docs = await ctx.services.transcripts.ofInterview(ctx.actor, interview.doc, ctx.loaders, ctx.now);
    return docs.map((doc) => toTranscript(doc, interview.doc, ctx.actor));
  }
}
