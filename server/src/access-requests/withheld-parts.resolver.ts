import { Ctx, Field, Float, ID, FieldResolver, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import { type WithheldKind, withheldParts } from '../access/withheld-parts.js';
import type { Context } from '../context.js';
import { Interview } from '../interviews/interview.type.js';

const WithheldKindEnum: Record<WithheldKind, WithheldKind> = { passage: 'passage', chapter: 'chapter' };
registerEnumType(WithheldKindEnum, { name: 'WithheldPartKind', description: 'passage: a transcript segment; chapter: an index segment' });

@ObjectType({ description: 'Something in the interview withheld from the viewer: only where it is, never what' })
class WithheldPart {
  @Field(() => ID, { description: 'Ask for it with requestAccess(input: { partId })' }) partId: string;
  @Field(() => WithheldKindEnum) kind: WithheldKind;
  @Field(() => ID, { nullable: true, description: 'The transcript a passage is in; null for a chapter' }) transcriptId: string | null;
  @Field(() => Float, { description: 'Seconds from the start' }) start: number;
  @Field(() => Float) end: number;
  @Field(() => Boolean, { description: 'A grant could open it (false for what the release keeps private)' }) requestable: boolean;
  @Field(() => Boolean, { description: 'The viewer already has an open request whose grant would open it (see myAccessRequests)' }) asked: boolean;
}

/** Adds `withheldParts` to Interview (access/withheld-parts.ts decides); type-graphql merges it with the other Interview fields. */
@Resolver(() => Interview)
export class WithheldPartsResolver {
  @FieldResolver(() => [WithheldPart], {
    description: 'The restricted passages (of the transcripts the viewer may read) and chapters withheld from the viewer, chapters first, in time order; empty when nothing is',
  })
  async withheldParts(@Root() interview: Interview, @Ctx() ctx: Context): Promise<WithheldPart[]> {
    const source = { interview: interview.doc, transcripts: await ctx.services.transcripts.ofInterview(ctx.actor, interview.doc, ctx.reads, ctx.now) };
    const parts = withheldParts(ctx.actor, source, ctx.now);
    // The viewer's open requests are read only when something could be asked for: most pages withhold nothing.
    if (!parts.some((p) => p.requestable)) return parts;
    const asked = await ctx.services.accessRequests.openLevels(ctx.actor, interview.doc._id);
    return asked.length ? withheldParts(ctx.actor, source, ctx.now, asked) : parts;
  }
}
