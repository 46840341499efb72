import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { canViewCollection, canViewInterview, canViewNarratorThrough } from '../access/policy.js';
import { Collection, toCollection } from '../collections/collection.type.js';
import type { Context } from '../context.js';
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
    // The narrator policy judged afresh, by _id reads batched with the page's: the interviews the
    // index says name them, counted only if they still do (a query of every interview's narrators
    // per hit scanned the whole archive on FerretDB's SQLite backend).
    const id = hit.narratorId;
    const [doc, interviews] = await Promise.all([ctx.reads.narrators.get(id), ctx.reads.interviews.getMany(hit.narratorInterviewIds ?? [])]);
    const naming = interviews.filter((i) => i.narratorIds.some((n) => n.toHexString() === id));
    return doc && canViewNarratorThrough(ctx.actor, naming, ctx.now) ? toNarrator(doc, ctx.actor) : null;
  }
}
