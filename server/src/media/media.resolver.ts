import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { PartUrlsInput, RecordPartInput, StartUploadInput } from './upload.input.js';
import { MediaAsset, UploadPart, UploadState, toMediaAsset } from './media.type.js';

/** Uploads and their review; an interview's media fields are in interviews/interview-fields.resolver.ts. */
@Resolver(() => MediaAsset)
export class MediaResolver {
  @Mutation(() => MediaAsset, { description: 'Plans a multipart upload; send parts to the URLs of mediaUploadParts' })
  async startMediaUpload(@Arg('input', () => StartUploadInput) input: StartUploadInput, @Ctx() ctx: Context) {
    return toMediaAsset(await ctx.services.uploads.start(ctx.actor, input, ctx.reads));
  }

  @Mutation(() => [UploadPart], { description: 'Presigned PUT URLs for up to 100 parts' })
  async mediaUploadParts(@Arg('input', () => PartUrlsInput) input: PartUrlsInput, @Ctx() ctx: Context) {
    return ctx.services.uploads.partUrls(ctx.actor, input.assetId, input.partNumbers, ctx.reads);
  }

  @Query(() => UploadState, { description: 'The parts storage already has, to resume a broken upload' })
  async mediaUpload(@Arg('assetId', () => ID) assetId: string, @Ctx() ctx: Context): Promise<UploadState> {
    const { asset, parts } = await ctx.services.uploads.uploadedParts(ctx.actor, assetId, ctx.reads);
    return { asset: toMediaAsset(asset), parts: parts.map((p) => ({ partNumber: p.partNumber, size: p.size })) };
  }

  @Mutation(() => Boolean, { description: 'Report a part sent, with the ETag storage answered' })
  async recordUploadedPart(@Arg('input', () => RecordPartInput) input: RecordPartInput, @Ctx() ctx: Context) {
    await ctx.services.uploads.recordPart(ctx.actor, input.assetId, input.partNumber, input.etag, input.size, ctx.reads);
    return true;
  }

  @Mutation(() => MediaAsset, { description: 'Checks every part arrived, completes, and queues verification' })
  async completeMediaUpload(@Arg('assetId', () => ID) assetId: string, @Ctx() ctx: Context) {
    return toMediaAsset(await ctx.services.uploads.complete(ctx.actor, assetId, ctx.reads));
  }

  @Mutation(() => MediaAsset, { description: 'An editor approves a recording added to a published interview: from now on the public hears it' })
  async approveRecording(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return toMediaAsset(await ctx.services.recordingReview.approve(ctx.actor, id, ctx.reads));
  }

  @Mutation(() => Boolean)
  async abortMediaUpload(@Arg('assetId', () => ID) assetId: string, @Ctx() ctx: Context) {
    return ctx.services.uploads.abort(ctx.actor, assetId, ctx.reads);
  }
}
