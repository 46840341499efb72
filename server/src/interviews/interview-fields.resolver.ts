import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { canEditInterview } from '../access/policy.js';
import type { Context } from '../context.js';
import type { Reads } from '../db/reads.js';
import { jobsByInterview } from '../jobs/job-loader.js';
import { PipelineJob, toPipelineJob } from '../jobs/job.type.js';
import { MediaAsset, toMediaAsset } from '../media/media.type.js';
import { type ViewerCopy, servedAudiences } from '../media/viewer-copy.js';
import { Narrator, toNarrator } from '../narrators/narrator.type.js';
import { Transcript, toTranscript } from '../transcripts/transcript.type.js';
import { VocabularyTerm, toVocabularyTerm } from '../vocabulary/vocabulary.type.js';
import { Interview } from './interview.type.js';

/** The copy each interview's viewer is served, worked out once per interview and request. */
const chosenCopies = new WeakMap<Reads, Map<string, Promise<ViewerCopy>>>();

/**
 * Every field of Interview that reads more than the interview itself, in one place: related records
 * come through the request's repositories (db/reads.ts), so the page's fields, its playback URLs
 * and its transcripts share one read of each record, and a page of interviews costs one query per
 * kind of relation, not one per interview. Each field applies the policy to the stored interview
 * (`interview.doc`, kept by toInterview for this). An interview the viewer may see makes its
 * narrators visible too (the narrator policy is defined that way), so no second check is needed.
 */
@Resolver(() => Interview)
export class InterviewFieldsResolver {
  @FieldResolver(() => [Narrator])
  async narrators(@Root() interview: Interview, @Ctx() ctx: Context): Promise<Narrator[]> {
    return (await ctx.reads.narrators.getMany(interview.narratorIds)).map((d) => toNarrator(d, ctx.actor));
  }

  @FieldResolver(() => [VocabularyTerm], { description: 'Ethnic groups, eras, places and topics' })
  async tags(@Root() interview: Interview, @Ctx() ctx: Context): Promise<VocabularyTerm[]> {
    return (await ctx.reads.terms.getMany(interview.tagIds)).map(toVocabularyTerm);
  }

  @FieldResolver(() => VocabularyTerm, { nullable: true })
  async placeTerm(@Root() interview: Interview, @Ctx() ctx: Context): Promise<VocabularyTerm | null> {
    if (!interview.placeTermId) return null;
    const doc = await ctx.reads.terms.get(interview.placeTermId);
    return doc ? toVocabularyTerm(doc) : null;
  }

  @FieldResolver(() => [Transcript], {
    description: 'The transcripts the viewer may read, one per spoken language, main language first; each with only the segments the viewer may see',
  })
  async transcripts(@Root() interview: Interview, @Ctx() ctx: Context): Promise<Transcript[]> {
    const docs = await ctx.services.transcripts.ofInterview(ctx.actor, interview.doc, ctx.reads, ctx.now);
    return docs.map((doc) => toTranscript(doc, interview.doc, ctx.actor));
  }

  @FieldResolver(() => Transcript, {
    nullable: true,
    description:
      'The transcript this viewer is shown: in `language` if there is one they may read, else the first of `transcripts`; null when there is none. Its captions are /api/interviews/:id/transcript.vtt?lang=<its language>',
  })
  async transcript(
    @Root() interview: Interview,
    @Arg('language', () => String, { nullable: true }) language: string | null,
    @Ctx() ctx: Context,
  ): Promise<Transcript | null> {
    const doc = await ctx.services.transcripts.chosen(ctx.actor, interview.doc, ctx.reads, language, ctx.now);
    return doc ? toTranscript(doc, interview.doc, ctx.actor) : null;
  }

  @FieldResolver(() => [MediaAsset], { nullable: true, description: 'Files and their state: the uploader and editors only' })
  async media(@Root() interview: Interview, @Ctx() ctx: Context): Promise<MediaAsset[] | null> {
    if (!canEditInterview(ctx.actor, interview.doc)) return null;
    const [docs, transcripts] = await Promise.all([ctx.reads.media.ofInterview(interview.id), ctx.reads.transcripts.ofInterview(interview.id)]);
    const served = servedAudiences(interview.doc, docs, transcripts);
    const copy = (kind: string) => kind.startsWith('access_') || kind === 'waveform';
    return docs.filter((d) => d.kind !== 'release_document').map((d) => toMediaAsset(d, copy(d.kind) ? (served.get(d._id.toHexString()) ?? []) : null));
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

  @FieldResolver(() => [PipelineJob], {
    nullable: true,
    description: "The interview's media pipeline, oldest step first: its uploader and editors only, null for anyone else",
  })
  async pipeline(@Root() interview: Interview, @Ctx() ctx: Context): Promise<PipelineJob[] | null> {
    if (!ctx.services.jobs.canSeePipeline(ctx.actor, interview.doc)) return null;
    return (await jobsByInterview(ctx).load(interview.id)).map(toPipelineJob);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The signed release, a link valid for 5 minutes: staff only' })
  async releaseDocumentUrl(@Root() interview: Interview, @Ctx() ctx: Context): Promise<string | null> {
    return ctx.services.interviews.releaseDocumentUrl(ctx.actor, interview.doc);
  }

  /** The copy this viewer is served (access/policy copyAudienceFor), once per interview and request. */
  private chosen(interview: Interview, ctx: Context): Promise<ViewerCopy> {
    let copies = chosenCopies.get(ctx.reads);
    if (!copies) chosenCopies.set(ctx.reads, (copies = new Map()));
    let found = copies.get(interview.id);
    if (!found) {
      found = ctx.services.exports.viewerCopy(ctx.actor, interview.doc, ctx.reads);
      copies.set(interview.id, found);
    }
    return found;
  }
}
