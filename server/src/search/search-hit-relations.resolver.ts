import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { canViewCollection, canViewInterview } from '../access/policy.js';
import { Collection, toCollection } from '../collections/collection.type.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { Interview, toInterview } from '../interviews/interview.type.js';
import { Narrator, toNarrator } from '../narrators/narrator.type.js';
import { SearchHit } from './search.type.js';

/**
 * What a hit belongs to, so a results page can name the interview, its narrators and a chapter in
 * the reader's language (the index holds all languages run together). Batched through the
 * per-request DataLoaders: a page of hits costs one query per kind. The hit itself already passed
 * the policy; the record is checked again so this field can never open anything the hit did not.
 */
@Resolver(() => SearchHit)
export class SearchHitRelationsResolver {
  @FieldResolver(() => Interview, { nullable: true, description: 'The interview the words are in; null for narrator and collection hits' })
  async interview(@Root() hit: SearchHit, @Ctx() ctx: Context): Promise<Interview | null> {
    if (!hit.interviewId) return null;
    const doc = await ctx.reads.interviews.get(hit.interviewId);
    return doc && canViewInterview(ctx.actor, doc, ctx.now) ? toInterview(doc, ctx.actor, ctx.now) : null;
  }

  @FieldResolver(() => Collection, { nullable: true, description: 'For collection hits: the collection (its slug is its address)' })
  async collection(@Root() hit: SearchHit, @Ctx() ctx: Context): Promise<Collection | null> {
    if (!hit.collectionId) return null;
    const doc = await ctx.reads.collections.get(hit.collectionId);
    return doc && canViewCollection(ctx.actor, doc) ? toCollection(doc) : null;
  }

  @FieldResolver(() => Narrator, { nullable: true, description: 'For narrator hits: the narrator (names in the reader\'s language)' })
  async narrator(@Root() hit: SearchHit, @Ctx() ctx: Context): Promise<Narrator | null> {
    if (!hit.narratorId) return null;
    // Narrator hits are few on a page; the service applies the narrator policy (through their interviews).
    try {
      return toNarrator(await ctx.services.narrators.get(ctx.actor, hit.narratorId, ctx.reads, ctx.now), ctx.actor);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }
}
