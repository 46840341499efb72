import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { canEditInterview } from '../access/policy.js';
import type { Context } from '../context.js';
import { Interview } from '../interviews/interview.type.js';
import { type ViewerCopy, servedAudiences } from './viewer-copy.js';
import { PartUrlsInput, RecordPartInput, StartUploadInput } from './upload.input.js';
import { MediaAsset, UploadPart, UploadState, toMediaAsset } from './media.type.js';

@Resolver(() => Interview)
export class MediaResolver {
  @FieldResolver(() => [MediaAsset], { nullable: true, description: 'Files and their state: the uploader and editors only' })
  async media(@Root() interview: Interview, @Ctx() ctx: Context): Promise<MediaAsset[] | null> {
    if (!canEditInterview(ctx.actor, interview.doc)) return null;
    const [docs, transcripts] = await Promise.all([ctx.loaders.mediaByInterview.load(interview.id), ctx.loaders.transcriptsByInterview.load(interview.id)]);
    const served = servedAudiences(interview.doc, docs, transcripts);
    const copy = (kind: string) => kind.startsWith('access_') || kind === 'waveform';
    return docs.filter((d) => d.kind !== 'release_document').map((d) => toMediaAsset(d, copy(d.kind) ? (served.get(d._id.toHexString()) ?? []) : null));
  }

  /** The copy this viewer is served (access/policy copyAudienceFor), once per interview and request. */
  private chosen(interview: Interview, ctx: Context): Promise<ViewerCopy> {
    const cache = (ctx as Context & { viewerCopies?: Map<string, Promise<ViewerCopy>> }).viewerCopies ??= new Map();
    let found = cache.get(interview.id);
    if (!found) {
      found = Promise.all([ctx.loaders.mediaByInterview.load(interview.id), ctx.loaders.transcriptsByInterview.load(interview.id)]).then(([docs, transcripts]) =>
        ctx.services.exports.viewerCopy(ctx.actor, interview.doc, docs, transcripts),
      );
      cache.set(interview.id, found);
    }
    return found;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Stable URL of the playable access copy cut for this viewer (redirects to storage)' })
  async playbackUrl(@Root() interview: Interview, @Ctx() ctx: Context): Promise<string | null> {
    return (await this.chosen(interview, ctx)).copy ? `/api/interviews/${interview.id}/media` : null;
  }

  @FieldResolver(() => Boolean, {
    description: 'True while the recording exists but its copy for this viewer is still being cut (after a restriction changed)',
  })
  async playbackPreparing(@Root() interview: Interview, @Ctx() ctx: Context): Promise<boolean> {
    return (await this.chosen(interview, ctx)).preparing;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Stable URL of the waveform peaks of what playbackUrl plays (audiowaveform JSON, version 2), under the same access check',
  })
  async waveformUrl(@Root() interview: Interview, @Ctx() ctx: Context): Promise<string | null> {
    return (await this.chosen(interview, ctx)).waveform ? `/api/interviews/${interview.id}/peaks.json` : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'audio or video: what playbackUrl plays' })
  async playbackKind(@Root() interview: Interview, @Ctx() ctx: Context): Promise<string | null> {
    const copy = (await this.chosen(interview, ctx)).copy;
    return copy ? (copy.kind === 'access_video' ? 'video' : 'audio') : null;
  }

  @Mutation(() => MediaAsset, { description: 'Plans a multipart upload; send parts to the URLs of mediaUploadParts' })
  async startMediaUpload(@Arg('input', () => StartUploadInput) input: StartUploadInput, @Ctx() ctx: Context) {
    return toMediaAsset(await ctx.services.uploads.start(ctx.actor, input));
  }

  @Mutation(() => [UploadPart], { description: 'Presigned PUT URLs for up to 100 parts' })
  async mediaUploadParts(@Arg('input', () => PartUrlsInput) input: PartUrlsInput, @Ctx() ctx: Context) {
    return ctx.services.uploads.partUrls(ctx.actor, input.assetId, input.partNumbers);
  }

  @Query(() => UploadState, { description: 'The parts storage already has, to resume a broken upload' })
  async mediaUpload(@Arg('assetId', () => ID) assetId: string, @Ctx() ctx: Context): Promise<UploadState> {
    const { asset, parts } = await ctx.services.uploads.uploadedParts(ctx.actor, assetId);
    return { asset: toMediaAsset(asset), parts: parts.map((p) => ({ partNumber: p.partNumber, size: p.size })) };
  }

  @Mutation(() => Boolean, { description: 'Report a part sent, with the ETag storage answered' })
  async recordUploadedPart(@Arg('input', () => RecordPartInput) input: RecordPartInput, @Ctx() ctx: Context) {
    await ctx.services.uploads.recordPart(ctx.actor, input.assetId, input.partNumber, input.etag, input.size);
    return true;
  }

  @Mutation(() => MediaAsset, { description: 'Checks every part arrived, completes, and queues verification' })
  async completeMediaUpload(@Arg('assetId', () => ID) assetId: string, @Ctx() ctx: Context) {
    return toMediaAsset(await ctx.services.uploads.complete(ctx.actor, assetId));
  }

  @Mutation(() => MediaAsset, { description: 'An editor approves a recording added to a published interview: from now on the public hears it' })
  async approveRecording(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return toMediaAsset(await ctx.services.recordingReview.approve(ctx.actor, id));
  }

  @Mutation(() => Boolean)
  async abortMediaUpload(@Arg('assetId', () => ID) assetId: string, @Ctx() ctx: Context) {
    return ctx.services.uploads.abort(ctx.actor, assetId);
  }
}
