import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Narrator, toNarrator } from '../narrators/narrator.type.js';
import { VocabularyTerm, toVocabularyTerm } from '../vocabulary/vocabulary.type.js';
import { Interview } from './interview.type.js';

const present = <T>(values: (T | null | undefined)[]): T[] => values.filter((v): v is T => v != null);

/**
 * Related records of an interview, through the per-request DataLoaders: a page of interviews costs
 * one query per kind of relation, not one per interview. An interview the viewer may see makes its
 * narrators visible too (the narrator policy is defined that way), so no second check is needed.
 */
@Resolver(() => Interview)
export class InterviewRelationsResolver {
  @FieldResolver(() => [Narrator])
  async narrators(@Root() interview: Interview, @Ctx() ctx: Context): Promise<Narrator[]> {
    const docs = await ctx.loaders.narrator.loadMany(interview.narratorIds);
    return present(docs.map((d) => (d instanceof Error ? null : d))).map((d) => toNarrator(d, ctx.actor));
  }

  @FieldResolver(() => [VocabularyTerm], { description: 'Ethnic groups, eras, places and topics' })
  async tags(@Root() interview: Interview, @Ctx() ctx: Context): Promise<VocabularyTerm[]> {
    const docs = await ctx.loaders.term.loadMany(interview.tagIds);
    return present(docs.map((d) => (d instanceof Error ? null : d))).map(toVocabularyTerm);
  }

  @FieldResolver(() => VocabularyTerm, { nullable: true })
  async placeTerm(@Root() interview: Interview, @Ctx() ctx: Context): Promise<VocabularyTerm | null> {
    if (!interview.placeTermId) return null;
    const doc = await ctx.loaders.term.load(interview.placeTermId);
    return doc ? toVocabularyTerm(doc) : null;
  }
}
