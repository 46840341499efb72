import type { MediaAssetDoc } from '../interviews/media-asset.model.js';

type Asset = Pick<MediaAssetDoc, 'kind' | 'status' | 'derivedFromId'>;

/** The copy a player plays: the video when there is one, else the audio; only ready ones. */
export function pickAccessCopy<T extends Asset>(assets: readonly T[]): T | null {
  const ready = assets.filter((a) => a.status === 'ready');
  return ready.find((a) => a.kind === 'access_video') ?? ready.find((a) => a.kind === 'access_audio') ?? null;
}

/**
 * The waveform drawn over that copy: made from the same master, or its time line would not match
 * what plays (an interview may have a second recording).
 */
export function pickWaveform<T extends Asset>(assets: readonly T[]): T | null {
  const copy = pickAccessCopy(assets);
  if (!copy?.derivedFromId) return null;
  const master = String(copy.derivedFromId);
  return assets.find((a) => a.kind === 'waveform' && a.status === 'ready' && String(a.derivedFromId) === master) ?? null;
}
