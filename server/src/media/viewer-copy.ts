/**
 * Which stored copy a viewer is sent to, on every path that plays sound or draws it (the media
 * redirect, class links, clips, IIIF, the waveform): the policy's copyAudienceFor, the ranges that
 * audience may not hear now, and only a copy cut for exactly those ranges.
 */
import type { Actor } from '../access/actor.js';
import { CUT_AUDIENCES, type CopyAudience, copyAudienceFor } from '../access/policy.js';
import { type LeveledPart, type RestrictionSource, rangesFingerprint, withheldRanges } from '../access/withheld.js';
import type { Models } from '../db/models.js';
import type { Reads } from '../db/reads.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';
import { type CopyChoice, hasAnyAccessCopy, pickAccessCopy, pickMaster, pickWaveform } from './playable.js';

export interface ViewerCopy {
  audience: CopyAudience;
  choice: CopyChoice;
  copy: MediaAssetDoc | null;
  waveform: MediaAssetDoc | null;
  /** A copy exists, but none cut for the current restrictions yet: the page says "being prepared". */
  preparing: boolean;
}

/** What the restriction rules read about an interview, from records already read. */
export function restrictionSourceOf(
  interview: InterviewDoc,
  master: Pick<MediaAssetDoc, 'durationSeconds'> | null,
  transcripts: readonly { segments: LeveledPart[] }[],
): RestrictionSource {
  return { interview, transcripts: [...transcripts], durationSeconds: master?.durationSeconds ?? interview.durationSeconds ?? null };
}

/** The same, read afresh for a job or a write (no request's reads to share). */
export async function restrictionSource(
  models: Models,
  interview: InterviewDoc,
  master: Pick<MediaAssetDoc, 'durationSeconds'> | null,
): Promise<RestrictionSource> {
  // By interviewId, not through the part list: a transcript a racing list update left out would
  // otherwise cut copies without its restricted passages, and the page, choosing by the same list,
  // would play them. With every transcript here, such a copy is never cut, and the page finds none.
  const transcripts = await models.Transcript.find({ interviewId: interview._id }, { segments: 1 }).lean<{ segments: LeveledPart[] }[]>();
  return restrictionSourceOf(interview, master, transcripts);
}

/** The decision, from the interview's assets (masters included) as already loaded. */
export function chooseViewerCopy(audience: CopyAudience, source: RestrictionSource, assets: readonly MediaAssetDoc[]): ViewerCopy {
  const choice: CopyChoice = { fingerprint: rangesFingerprint(withheldRanges(source, audience)), unreviewed: audience === 'full' };
  const copy = pickAccessCopy(assets, choice);
  return { audience, choice, copy, waveform: copy ? pickWaveform(assets, choice) : null, preparing: !copy && hasAnyAccessCopy(assets, choice) };
}

/**
 * For an interview the caller has already been allowed to see (canViewInterview), through the
 * request's reads: the page's playback fields, the media redirect and the peaks share one read of the
 * interview's media and transcripts.
 */
export async function viewerCopy(reads: Pick<Reads, 'media' | 'transcripts'>, actor: Actor, interview: InterviewDoc): Promise<ViewerCopy> {
  const [all, transcripts] = await Promise.all([reads.media.ofInterview(interview._id), reads.transcripts.ofInterview(interview._id)]);
  const audience = copyAudienceFor(actor, interview);
  const master = pickMaster(all, { unreviewed: audience === 'full' });
  return chooseViewerCopy(audience, restrictionSourceOf(interview, master, transcripts), all);
}

const ALL_AUDIENCES: readonly CopyAudience[] = ['full', ...CUT_AUDIENCES];

/**
 * For the studio's file list: which audiences each stored copy and waveform is served to now, by the
 * same choice every playing path makes (a kept copy's recorded audience goes stale when restrictions
 * change so that another audience needs the same cut).
 */
export function servedAudiences(
  interview: InterviewDoc,
  assets: readonly MediaAssetDoc[],
  transcripts: readonly { segments: LeveledPart[] }[],
): Map<string, CopyAudience[]> {
  const served = new Map<string, CopyAudience[]>();
  for (const audience of ALL_AUDIENCES) {
    const master = pickMaster(assets, { unreviewed: audience === 'full' });
    const { copy, waveform } = chooseViewerCopy(audience, restrictionSourceOf(interview, master, transcripts), assets);
    for (const asset of [copy, waveform]) {
      if (asset) served.set(asset._id.toHexString(), [...(served.get(asset._id.toHexString()) ?? []), audience]);
    }
  }
  return served;
}
