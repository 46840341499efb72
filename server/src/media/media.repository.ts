import { GroupLoader, type Id } from '../db/record-loaders.js';
import type { Models } from '../db/models.js';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';

/**
 * One request's reads of media records: an interview's assets (masters, copies, waveforms, release
 * scans) are read once per request, for the playback fields, the media redirect and the peaks alike.
 */
export class MediaRepository {
  private readonly byInterview: GroupLoader<MediaAssetDoc>;

  constructor(models: Models) {
    this.byInterview = new GroupLoader<MediaAssetDoc>(models.MediaAsset, 'interviewId');
  }

  /** Every asset of the interview, of every kind and state: callers pick (media/playable.ts). */
  ofInterview(interviewId: Id): Promise<MediaAssetDoc[]> {
    return this.byInterview.get(interviewId);
  }

  /** After a write to one of the interview's assets. */
  changed(interviewId: Id): void {
    this.byInterview.forget(interviewId);
  }
}
