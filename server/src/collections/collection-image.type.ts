import { Field, Float, ID, ObjectType } from 'type-graphql';
import { keys } from '../storage/keys.js';
import type { CollectionImageDoc } from './collection-image.model.js';

/** Where a picture of a collection is served, under the collection's access rule. */
export const collectionImageUrl = (key: string | null | undefined): string | null => {
  const parsed = key ? keys.parseCollectionImage(key) : null;
  return parsed ? `/api/collections/${parsed.collectionId}/images/${parsed.imageId}` : null;
};

@ObjectType({ description: 'A picture uploaded for the image blocks of a collection' })
export class CollectionImage {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'Set it as the imageKey of an image block once the image is ready' }) key: string;
  @Field(() => String, { description: 'image/jpeg, image/png or image/webp' }) contentType: string;
  @Field(() => Float, { description: 'Bytes' }) size: number;
  @Field(() => String, { description: 'pending until confirmCollectionImage has checked the stored bytes, then ready' }) status: string;
  @Field(() => String, { description: 'Where the site shows it (to the collection’s editors until a block uses it)' }) url: string;
}

export const toCollectionImage = (doc: CollectionImageDoc): CollectionImage => ({
  id: doc._id.toHexString(),
  key: doc.key,
  contentType: doc.contentType,
  size: doc.size,
  status: doc.status,
  url: collectionImageUrl(doc.key)!,
});

@ObjectType({ description: 'Send the picture with an HTTP PUT to url, with the same Content-Type, then confirm it' })
export class CollectionImageUpload {
  @Field(() => CollectionImage) image: CollectionImage;
  @Field(() => String) url: string;
  @Field(() => Date) expiresAt: Date;
}
