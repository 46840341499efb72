import { Schema, type Types } from 'mongoose';

/**
 * A part that reached storage, as the uploader reported it (number, ETag, size). A document per part
 * rather than an array in the asset: parts arrive in parallel, and FerretDB does not serialise
 * concurrent updates of one document. Storage still has the last word: completing checks the ETags,
 * and the verify job hashes the assembled object.
 *
 * Why not storage's ListParts: s3rver (the embedded storage) does not implement it, nor
 * ListMultipartUploads or AbortMultipartUpload.
 */
export interface UploadPartDoc {
  _id: Types.ObjectId;
  assetId: Types.ObjectId;
  partNumber: number;
  etag: string;
  size: number;
  at: Date;
}

export const uploadPartSchema = new Schema<UploadPartDoc>(
  {
    assetId: { type: Schema.Types.ObjectId, required: true },
    partNumber: { type: Number, required: true, min: 1 },
    etag: { type: String, required: true },
    size: { type: Number, required: true, min: 0 },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
uploadPartSchema.index({ assetId: 1, partNumber: 1 }, { unique: true });
