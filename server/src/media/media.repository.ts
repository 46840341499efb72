import { PartLoader } from '../db/part-loader.js';
import type { Models } from '../db/models.js';
import type { InterviewPartsDoc } from '../interviews/interview-parts.model.js';
import type { Id, RecordLoader } from '../db/record-loaders.js';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';

/**
 * One request's reads of media records: an interview's assets (masters, copies, waveforms, release
 * scans) are read once per request, for the playback fields, the media redirect and the peaks alike,
 * by the ids its interview's list holds (db/part-loader.ts).
 */
export class MediaRepository {
  private readonly parts: PartLoader<MediaAssetDoc>;

  constructor(models: Models, lists: RecordLoader<InterviewPartsDoc>) {
    this.parts = new PartLoader<MediaAssetDoc>(models.MediaAsset, 'mediaIds', lists);
  }

  /** Every asset of the interview, of every kind and state: callers pick (media/playable.ts). */
  ofInterview(interviewId: Id): Promise<MediaAssetDoc[]> {
    return this.parts.ofInterview(interviewId);
  }

  /** One asset as stored now (an upload's or an approval's "before"). */
  fresh(id: Id): Promise<MediaAssetDoc | null> {
    return this.parts.records.fresh(id);
  }

  /** After a write to one of the interview's assets: the next read reads them again. */
  changed(interviewId: Id): void {
    this.parts.changed(interviewId);
  }

  /** After a write that returned the asset: later reads see it. */
  saved(asset: MediaAssetDoc): void {
    this.parts.records.saved(asset);
    this.changed(asset.interviewId);
  }
}
