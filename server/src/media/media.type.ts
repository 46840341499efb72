import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';
import { Fixity, toFixity } from '../preservation/fixity.type.js';

@ObjectType({ description: 'A file of an interview: the master as received, or an access copy made from it' })
export class MediaAsset {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'master, access_audio, access_video, waveform' }) kind: string;
  @Field(() => String) fileName: string;
  @Field(() => String) contentType: string;
  @Field(() => Float) size: number;
  @Field(() => String, { description: 'uploading, verifying, ready, failed' }) status: string;
  @Field(() => String, { nullable: true, description: 'Why it failed, in words the uploader can act on' }) error: string | null;
  @Field(() => String, { nullable: true }) sha256: string | null;
  @Field(() => Float, { nullable: true }) durationSeconds: number | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) probe: Record<string, unknown> | null;
  @Field(() => Int, { nullable: true }) partSize: number | null;
  @Field(() => Int, { nullable: true }) partCount: number | null;
  @Field(() => Fixity, { nullable: true, description: 'The latest fixity check of the stored bytes; null until the first' }) fixity: Fixity | null;
  @Field(() => Boolean, { description: 'A recording added to a published interview, heard only by staff until an editor approves it' })
  awaitingReview: boolean;
  @Field(() => [String], {
    nullable: true,
    description:
      "Access copies and waveforms: who is served this copy now ('full' = staff and whoever may hear every passage; else the levels, e.g. public and education, whose withheld passages are silence in it); empty while no one is (a copy about to be replaced); null for other files",
  })
  servedTo: string[] | null;
  @Field(() => Date) createdAt: Date;
}

export const toMediaAsset = (doc: MediaAssetDoc, servedTo: string[] | null = null): MediaAsset => ({
  id: doc._id.toHexString(),
  kind: doc.kind,
  fileName: doc.fileName,
  contentType: doc.contentType,
  size: doc.size,
  status: doc.status,
  error: doc.error ?? null,
  sha256: doc.sha256 ?? null,
  durationSeconds: doc.durationSeconds ?? null,
  probe: doc.probe ?? null,
  partSize: doc.upload?.partSize ?? null,
  partCount: doc.upload?.partCount ?? null,
  fixity: toFixity(doc.fixity),
  awaitingReview: doc.awaitingReview === true,
  servedTo,
  createdAt: doc.createdAt,
});

@ObjectType()
export class UploadPart {
  @Field(() => Int) partNumber: number;
  @Field(() => String) url: string;
}

@ObjectType()
export class StoredPart {
  @Field(() => Int) partNumber: number;
  @Field(() => Float) size: number;
}

@ObjectType({ description: 'An open upload and the parts storage already holds (for resuming)' })
export class UploadState {
  @Field(() => MediaAsset) asset: MediaAsset;
  @Field(() => [StoredPart]) parts: StoredPart[];
}
