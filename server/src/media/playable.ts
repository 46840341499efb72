import type { MediaAssetDoc } from '../interviews/media-asset.model.js';

type Asset = Pick<MediaAssetDoc, '_id' | 'kind' | 'status' | 'derivedFromId'> &
  Partial<Pick<MediaAssetDoc, 'restrictionsFingerprint' | 'awaitingReview'>>;

/** What is made from a master (and removed with it): its access copies and waveforms. */
export const DERIVED_KINDS: readonly MediaAssetDoc['kind'][] = ['access_audio', 'access_video', 'waveform'];

/** The copies and waveforms made from this master, among its interview's assets. */
export const derivedFrom = <T extends Asset>(assets: readonly T[], master: Pick<Asset, '_id'>): T[] =>
  assets.filter((a) => DERIVED_KINDS.includes(a.kind) && String(a.derivedFromId) === String(master._id));

/** A copy made before copies were cut per audience silences nothing. */
export const fingerprintOf = (asset: Pick<Asset, 'restrictionsFingerprint'>) => asset.restrictionsFingerprint ?? 'none';

/**
 * The master whose copies play, by rule rather than by database order: the newest verified one
 * (ObjectIds grow with time), skipping a recording an editor has not approved yet unless the viewer
 * may hear unreviewed material (issue 14: a new recording on a published interview is staff-only).
 */
export function pickMaster<T extends Asset>(assets: readonly T[], opts: { unreviewed: boolean }): T | null {
  const masters = assets
    .filter((a) => a.kind === 'master' && a.status === 'ready' && (opts.unreviewed || !a.awaitingReview))
    .sort((a, b) => String(b._id).localeCompare(String(a._id)));
  return masters[0] ?? null;
}

export interface CopyChoice {
  /** The fingerprint of the ranges this viewer may not hear, now (access/withheld.ts). */
  fingerprint: string;
  /** Whether the viewer may hear a recording awaiting an editor's approval. */
  unreviewed: boolean;
}

function fromChosenMaster<T extends Asset>(assets: readonly T[], choice: CopyChoice): T[] {
  const master = pickMaster(assets, choice);
  // Without master records in the list (old callers), every copy counts.
  const hasMasters = assets.some((a) => a.kind === 'master');
  if (hasMasters && !master) return [];
  const id = master ? String(master._id) : null;
  return assets.filter((a) => a.status === 'ready' && (!id || String(a.derivedFromId) === id));
}

/**
 * The copy a player plays: of the chosen master, cut for exactly the restrictions that hold now for
 * this viewer (a copy cut for older restrictions is never served), the video when there is one.
 */
export function pickAccessCopy<T extends Asset>(assets: readonly T[], choice: CopyChoice): T | null {
  const ready = fromChosenMaster(assets, choice).filter((a) => fingerprintOf(a) === choice.fingerprint);
  return ready.find((a) => a.kind === 'access_video') ?? ready.find((a) => a.kind === 'access_audio') ?? null;
}

/** Some access copy exists for the chosen master, only not (yet) one cut for this viewer: "being prepared". */
export function hasAnyAccessCopy<T extends Asset>(assets: readonly T[], choice: CopyChoice): boolean {
  return fromChosenMaster(assets, choice).some((a) => a.kind === 'access_video' || a.kind === 'access_audio');
}

/** The waveform drawn over that copy: computed from the same copy, so the silence shows flat. */
export function pickWaveform<T extends Asset>(assets: readonly T[], choice: CopyChoice): T | null {
  const copy = pickAccessCopy(assets, choice);
  if (!copy?.derivedFromId) return null;
  const master = String(copy.derivedFromId);
  return (
    assets.find(
      (a) => a.kind === 'waveform' && a.status === 'ready' && String(a.derivedFromId) === master && fingerprintOf(a) === choice.fingerprint,
    ) ?? null
  );
}
