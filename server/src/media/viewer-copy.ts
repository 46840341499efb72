/**
 * Which stored copy a viewer is sent to, on every path that plays sound or draws it (the media
 * redirect, class links, clips, IIIF, the waveform): the policy's copyAudienceFor, the ranges that
 * audience may not hear now, and only a copy cut for exactly those ranges.
 */
import type { Actor } from '../access/actor.js';
import { CUT_AUDIENCES, type CopyAudience, copyAudienceFor } from '../access/policy.js';
import { type LeveledPart, type RestrictionSource, rangesFingerprint, withheldRanges } from '../access/withheld.js';
import type { Models } from '../db/models.js';
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

/**
 * What the restriction rules read about an interview; loaded once per request (`transcripts`: as the
 * request's loader already holds them).
 */
export async function restrictionSource(
  models: Models,
  interview: InterviewDoc,
  master: Pick<MediaAssetDoc, 'durationSeconds'> | null,
  loaded?: readonly { segments: LeveledPart[] }[],
): Promise<RestrictionSource> {
  const transcripts = loaded ? [...loaded] : await models.Transcript.find({ interviewId: interview._id }, { segments: 1 }).lean<{ segments: LeveledPart[] }[]>();
  return sourceOf(interview, master, transcripts);
}

/** The same from transcripts already loaded. */
function sourceOf(interview: InterviewDoc, master: Pick<MediaAssetDoc, 'durationSeconds'> | null, transcripts: readonly { segments: LeveledPart[] }[]): RestrictionSource {
  return { interview, transcripts, durationSeconds: master?.durationSeconds ?? interview.durationSeconds ?? null };
}

/** The decision, from the interview's assets (masters included) as already loaded. */
export function chooseViewerCopy(audience: CopyAudience, source: RestrictionSource, assets: readonly MediaAssetDoc[]): ViewerCopy {
  const choice: CopyChoice = { fingerprint: rangesFingerprint(withheldRanges(source, audience)), unreviewed: audience === 'full' };
  const copy = pickAccessCopy(assets, choice);
  return { audience, choice, copy, waveform: copy ? pickWaveform(assets, choice) : null, preparing: !copy && hasAnyAccessCopy(assets, choice) };
}

/** For an interview the caller has already been allowed to see (canViewInterview); `assets`, `transcripts`: as already loaded. */
export async function viewerCopy(
  models: Models,
  actor: Actor,
  interview: InterviewDoc,
  assets?: readonly MediaAssetDoc[],
  transcripts?: readonly { segments: LeveledPart[] }[],
): Promise<ViewerCopy> {
  const all =
    assets ??
    (await models.MediaAsset.find({ interviewId: interview._id, kind: { $in: ['master', 'access_audio', 'access_video', 'waveform'] } }).lean<MediaAssetDoc[]>());
  const audience = copyAudienceFor(actor, interview);
  const master = pickMaster(all, { unreviewed: audience === 'full' });
  return chooseViewerCopy(audience, await restrictionSource(models, interview, master, transcripts), all);
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
    const { copy, waveform } = chooseViewerCopy(audience, sourceOf(interview, master, transcripts), assets);
    for (const asset of [copy, waveform]) {
      if (asset) served.set(asset._id.toHexString(), [...(served.get(asset._id.toHexString()) ?? []), audience]);
    }
  }
  return served;
}
