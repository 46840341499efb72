import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../common/pagination.js';
import type { Context } from '../context.js';
import type { VocabularyTermDoc } from '../vocabulary/vocabulary.model.js';
import { VocabularyTerm, toVocabularyTerm } from '../vocabulary/vocabulary.type.js';
import { CreateNarratorInput, NarratorsFilter, UpdateNarratorInput } from './narrator.input.js';
import { Narrator, NarratorConnection, toNarrator } from './narrator.type.js';


@Resolver(() => Narrator)
export class NarratorResolver {
  @Query(() => Narrator, { description: 'Staff see every narrator; others those named by an interview they may see' })
  async narrator(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Narrator> {
    return toNarrator(await ctx.services.narrators.get(ctx.actor, id, ctx.reads, ctx.now), ctx.actor);
  }

  @Query(() => NarratorConnection, { description: 'Newest first; only the narrators the viewer may see' })
  async narrators(
    @Arg('filter', () => NarratorsFilter, { nullable: true }) filter: NarratorsFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<NarratorConnection> {
    const result = await ctx.services.narrators.list(ctx.actor, filter, page, ctx.reads, ctx.now);
    return { ...result, nodes: result.nodes.map((n) => toNarrator(n, ctx.actor)) };
  }

  @Mutation(() => Narrator, { description: 'Staff only' })
  async createNarrator(@Arg('input', () => CreateNarratorInput) input: CreateNarratorInput, @Ctx() ctx: Context): Promise<Narrator> {
    return toNarrator(await ctx.services.narrators.create(ctx.actor, input, ctx.reads, ctx.now), ctx.actor);
  }

  @Mutation(() => Narrator, { description: 'Staff only' })
  async updateNarrator(@Arg('input', () => UpdateNarratorInput) input: UpdateNarratorInput, @Ctx() ctx: Context): Promise<Narrator> {
    return toNarrator(await ctx.services.narrators.update(ctx.actor, input, ctx.reads, ctx.now), ctx.actor);
  }

  @FieldResolver(() => [VocabularyTerm], { description: 'ethnic_group terms' })
  async ethnicGroups(@Root() narrator: Narrator, @Ctx() ctx: Context): Promise<VocabularyTerm[]> {
    return (await ctx.reads.terms.getMany(narrator.ethnicGroupIds)).map(toVocabularyTerm);
  }

  @FieldResolver(() => VocabularyTerm, { nullable: true, description: 'The place term for birthPlace, if tagged' })
  async birthPlaceTerm(@Root() narrator: Narrator, @Ctx() ctx: Context): Promise<VocabularyTerm | null> {
    if (!narrator.birthPlaceTermId) return null;
    const doc = await ctx.reads.terms.get(narrator.birthPlaceTermId);
    return doc ? toVocabularyTerm(doc) : null;
  }
}
