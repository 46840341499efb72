import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { CreateVocabularyTermInput, UpdateVocabularyTermInput, VocabularyTermsArgs } from './vocabulary.input.js';
import { VocabularyTerm, VocabularyTermConnection, toVocabularyTerm } from './vocabulary.type.js';

@Resolver(() => VocabularyTerm)
export class VocabularyResolver {
  @Query(() => VocabularyTerm, { description: 'Public' })
  async vocabularyTerm(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<VocabularyTerm> {
    return toVocabularyTerm(await ctx.services.vocabulary.get(id, ctx.reads));
  }

  @Query(() => VocabularyTermConnection, { description: 'Public; newest first' })
  async vocabularyTerms(
    @Args(() => VocabularyTermsArgs) args: VocabularyTermsArgs,
    @Ctx() ctx: Context,
  ): Promise<VocabularyTermConnection> {
    const page = await ctx.services.vocabulary.list(args, ctx.reads);
    return { ...page, nodes: page.nodes.map(toVocabularyTerm) };
  }

  @Mutation(() => VocabularyTerm, { description: 'Editors only' })
  async createVocabularyTerm(
    @Arg('input', () => CreateVocabularyTermInput) input: CreateVocabularyTermInput,
    @Ctx() ctx: Context,
  ): Promise<VocabularyTerm> {
    return toVocabularyTerm(await ctx.services.vocabulary.create(ctx.actor, input));
  }

  @Mutation(() => VocabularyTerm, { description: 'Editors only' })
  async updateVocabularyTerm(
    @Arg('input', () => UpdateVocabularyTermInput) input: UpdateVocabularyTermInput,
    @Ctx() ctx: Context,
  ): Promise<VocabularyTerm> {
    return toVocabularyTerm(await ctx.services.vocabulary.update(ctx.actor, input, ctx.reads));
  }

  @Mutation(() => ID, { description: 'Editors only; refused while interviews, narrators or narrower terms use the term' })
  async deleteVocabularyTerm(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.services.vocabulary.delete(ctx.actor, id, ctx.reads))._id.toHexString();
  }

  @FieldResolver(() => VocabularyTerm, { nullable: true, description: 'The broader term' })
  async parent(@Root() term: VocabularyTerm, @Ctx() ctx: Context): Promise<VocabularyTerm | null> {
    if (!term.parentId) return null;
    const doc = await ctx.reads.terms.get(term.parentId);
    return doc ? toVocabularyTerm(doc) : null;
  }
}
