import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { CollectionImageUploadInput } from './collection-image.input.js';
import { CollectionImage, CollectionImageUpload, toCollectionImage } from './collection-image.type.js';

@Resolver(() => CollectionImage)
export class CollectionImageResolver {
  @Mutation(() => CollectionImageUpload, { description: 'Those who may edit the collection; a presigned PUT for one picture' })
  async requestCollectionImageUpload(
    @Arg('input', () => CollectionImageUploadInput) input: CollectionImageUploadInput,
    @Ctx() ctx: Context,
  ): Promise<CollectionImageUpload> {
    const { image, url, expiresAt } = await ctx.services.collectionImages.requestUpload(ctx.actor, input);
    return { image: toCollectionImage(image), url, expiresAt };
  }

  @Mutation(() => CollectionImage, {
    description: 'Checks the stored bytes (type sniffed, size) before a block may use the picture; a bad file is deleted',
  })
  async confirmCollectionImage(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CollectionImage> {
    return toCollectionImage(await ctx.services.collectionImages.confirm(ctx.actor, id));
  }
}
