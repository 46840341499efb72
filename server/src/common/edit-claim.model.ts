import { Schema } from 'mongoose';

/** A claim on one version of one record (common/concurrency.ts): `_id` is "collection:id:version". */
export interface EditClaimDoc {
  _id: string;
  at: Date;
}

export const editClaimSchema = new Schema<EditClaimDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
editClaimSchema.index({ at: 1 });
