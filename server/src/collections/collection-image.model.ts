import { Schema, type Types } from 'mongoose';

export const IMAGE_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type ImageType = keyof typeof IMAGE_TYPES;

/**
 * A picture uploaded for a collection's image blocks. `pending` from the presigned PUT until
 * confirmCollectionImage has checked the stored bytes; only a `ready` one may be used by a block or
 * served. A record rather than a field of the collection: confirming must not bump the collection's
 * version under an editor who is still arranging blocks.
 */
export interface CollectionImageDoc {
  _id: Types.ObjectId;
  collectionId: Types.ObjectId;
  key: string;
  contentType: ImageType;
  /** As declared when asked for, then as stored once confirmed. */
  size: number;
  status: 'pending' | 'ready';
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export const collectionImageSchema = new Schema<CollectionImageDoc>(
  {
    collectionId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    contentType: { type: String, enum: Object.keys(IMAGE_TYPES), required: true },
    size: { type: Number, required: true, min: 0 },
    status: { type: String, enum: ['pending', 'ready'], default: 'pending' },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, versionKey: false },
);
collectionImageSchema.index({ key: 1 }, { unique: true });
collectionImageSchema.index({ collectionId: 1 });
