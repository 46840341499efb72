import { GroupLoader, type Id, RecordLoader } from '../db/record-loaders.js';
import type { Models } from '../db/models.js';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';

/**
 * One request's reads of media records: an interview's assets (masters, copies, waveforms, release
 * scans) are read once per request, for the playback fields, the media redirect and the peaks alike.
 */
export class MediaRepository {
  private readonly byInterview: GroupLoader<MediaAssetDoc>;
  private readonly records: RecordLoader<MediaAssetDoc>;

  constructor(models: Models) {
    this.byInterview = new GroupLoader<MediaAssetDoc>(models.MediaAsset, 'interviewId');
    this.records = new RecordLoader<MediaAssetDoc>(models.MediaAsset);
  }

  /** Every asset of the interview, of every kind and state: callers pick (media/playable.ts). */
  ofInterview(interviewId: Id): Promise<MediaAssetDoc[]> {
    return this.byInterview.get(interviewId);
  }

  /** One asset as stored now (an upload's or an approval's "before"). */
  fresh(id: Id): Promise<MediaAssetDoc | null> {
    return this.records.fresh(id);
  }

  /** After a write to one of the interview's assets: the next read reads them again. */
  changed(interviewId: Id): void {
    this.byInterview.forget(interviewId);
  }

  /** After a write that returned the asset: later reads see it. */
  saved(asset: MediaAssetDoc): void {
    this.records.saved(asset);
    this.changed(asset.interviewId);
  }
}
