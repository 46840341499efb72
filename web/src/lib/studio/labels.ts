import { m } from '$lib/paraglide/messages.js';

/** Workflow, access and pipeline words in the interface language; unknown values show as they are. */
const pick = (table: Record<string, () => string>) => (value: string) => table[value]?.() ?? value;

export const statusLabel = pick({ draft: m.status_draft, in_review: m.status_in_review, published: m.status_published });

export const accessLabel = pick({
  public: m.access_public,
  education: m.access_education,
  research: m.access_research,
  private: m.access_private,
});

export const ACCESS_LEVELS = ['private', 'research', 'education', 'public'] as const;

export const jobStateLabel = pick({
  queued: m.job_queued,
  running: m.job_running,
  succeeded: m.job_succeeded,
  failed: m.job_failed,
  cancelled: m.job_cancelled,
});

export const stepLabel = pick({
  'verify-upload': m.step_verify_upload,
  'probe-media': m.step_probe_media,
  'make-access-copies': m.step_make_access_copies,
  transcribe: m.step_transcribe,
  'index-interview': m.step_index_interview,
});

export const mediaStatusLabel = pick({
  uploading: m.media_status_uploading,
  verifying: m.media_status_verifying,
  ready: m.media_status_ready,
  failed: m.media_status_failed,
});

/** What a stored file is: the recording as received, or a copy the worker made from it. */
export const mediaKindLabel = pick({
  master: m.media_kind_master,
  access_audio: m.media_kind_access_audio,
  access_video: m.media_kind_access_video,
  waveform: m.media_kind_waveform,
  release_document: m.media_kind_release_document,
});

/** Who is served an access copy or waveform now ('full': staff and whoever may hear every passage). */
export const servedToLabel = (servedTo: readonly string[]) =>
  servedTo.length === 0
    ? m.copy_served_nobody()
    : m.copy_served_to({ audiences: servedTo.map((a) => (a === 'full' ? m.copy_audience_full() : accessLabel(a))).join(', ') });
