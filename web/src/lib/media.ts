/** Where a recording can be played from, if anywhere. */
export interface Media {
  src: string;
  kind: 'audio' | 'video';
  poster: string | null;
  /** Waveform peaks of what src plays, when the worker has made them. */
  peaks: string | null;
}

/** The API's stable media URL (it redirects to a short-lived storage link); absent until an access copy is ready. */
export function playableMedia(interview: { playbackUrl?: string | null; playbackKind?: string | null; waveformUrl?: string | null }): Media | null {
  if (!interview.playbackUrl) return null;
  return { src: interview.playbackUrl, kind: interview.playbackKind === 'video' ? 'video' : 'audio', poster: null, peaks: interview.waveformUrl ?? null };
}

/**
 * The captions track of a transcript, always with its language: without one the API answers with
 * the interview's default transcript, which need not be the one the track's label names.
 */
export function captionsUrl(interviewId: string, language: string): string {
  return `/api/interviews/${encodeURIComponent(interviewId)}/transcript.vtt?lang=${encodeURIComponent(language)}`;
}

/**
 * An API URL as the public sees it (`as=public`), whoever's session the browser sends along: an
 * embed's recording and captions are what the partner site's visitors get, never the visitor's view.
 */
export function asPublic(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}as=public`;
}
