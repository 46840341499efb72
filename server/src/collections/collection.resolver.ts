import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { CollectionsArgs, CreateCollectionInput, UpdateCollectionInput } from './collection.input.js';
import { Collection, CollectionBlock, CollectionConnection, toBlock, toCollection, toUnavailableBlock } from './collection.type.js';

@Resolver(() => Collection)
export class CollectionResolver {
  @Query(() => Collection, { description: 'NOT_FOUND when it does not exist or the viewer may not see it' })
  async collection(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Collection> {
    return toCollection(await ctx.services.collections.get(ctx.actor, id));
  }

  @Query(() => Collection, { description: 'NOT_FOUND when it does not exist or the viewer may not see it' })
  async collectionBySlug(@Arg('slug', () => String) slug: string, @Ctx() ctx: Context): Promise<Collection> {
    return toCollection(await ctx.services.collections.getBySlug(ctx.actor, slug));
  }

  @Query(() => CollectionConnection, { description: 'Newest first; only what the viewer may see' })
  async collections(@Args(() => CollectionsArgs) args: CollectionsArgs, @Ctx() ctx: Context): Promise<CollectionConnection> {
    const page = await ctx.services.collections.list(ctx.actor, args);
    return { ...page, nodes: page.nodes.map(toCollection) };
  }

  @Mutation(() => Collection, { description: 'Editors, researchers and teachers; it starts as a draft' })
  async createCollection(@Arg('input', () => CreateCollectionInput) input: CreateCollectionInput, @Ctx() ctx: Context) {
    return toCollection(await ctx.services.collections.create(ctx.actor, input, ctx.now));
  }

  @Mutation(() => Collection, { description: 'Its author (while a draft) or an editor' })
  async updateCollection(@Arg('input', () => UpdateCollectionInput) input: UpdateCollectionInput, @Ctx() ctx: Context) {
    return toCollection(await ctx.services.collections.update(ctx.actor, input, ctx.now));
  }

  @Mutation(() => Collection, { description: 'Editors only; every clip must be playable by the audience' })
  async publishCollection(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() ctx: Context) {
    return toCollection(await ctx.services.collections.publish(ctx.actor, id, version, ctx.now));
  }

  @Mutation(() => Collection, { description: 'Editors only' })
  async unpublishCollection(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() ctx: Context) {
    return toCollection(await ctx.services.collections.unpublish(ctx.actor, id, version));
  }

  @Mutation(() => ID, { description: 'Editors, or the author of a draft; answers the id deleted' })
  async deleteCollection(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() ctx: Context) {
    return (await ctx.services.collections.delete(ctx.actor, id, version)).toHexString();
  }

  @FieldResolver(() => [CollectionBlock], { description: 'In order; only the blocks the viewer may see' })
  async blocks(@Root() collection: Collection, @Ctx() ctx: Context): Promise<CollectionBlock[]> {
    const { blocks } = await ctx.services.collections.visibleBlocks(ctx.actor, collection.doc, ctx.reads.interviews, ctx.now);
    return blocks.map(({ block, interview }) => toBlock(block, interview, ctx.actor, ctx.now));
  }

  @FieldResolver(() => [CollectionBlock], {
    nullable: true,
    description:
      'For those who may change it: every block in order, those whose interview the viewer may not see as placeholders (available: false) that a save keeps; null for anyone else',
  })
  async blocksToEdit(@Root() collection: Collection, @Ctx() ctx: Context): Promise<CollectionBlock[] | null> {
    const sorted = await ctx.services.collections.blocksToEdit(ctx.actor, collection.doc, ctx.reads.interviews, ctx.now);
    return sorted?.map(({ block, visible, interview }) => (visible ? toBlock(block, interview, ctx.actor, ctx.now) : toUnavailableBlock(block))) ?? null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Blocks left out because the viewer may not see their interview: staff only' })
  async hiddenBlockCount(@Root() collection: Collection, @Ctx() ctx: Context): Promise<number | null> {
    return ctx.services.collections.hiddenBlockCount(ctx.actor, collection.doc, ctx.reads.interviews, ctx.now);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The name of its author: staff only' })
  async createdBy(@Root() collection: Collection, @Ctx() ctx: Context): Promise<string | null> {
    return ctx.services.collections.creatorName(ctx.actor, collection.doc, ctx.reads.users);
  }
}
