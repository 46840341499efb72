/**
 * How ffmpeg and ffprobe open an uploaded file, in one place. An upload is untrusted: left to
 * itself, ffmpeg picks a demuxer by the content, and a playlist (HLS .m3u8, ffconcat, SDP …) makes
 * it open every URL or local path the playlist names, fetching from the network or copying another
 * interview's master out of a temp folder into an access copy. So every input is opened with
 *
 * - `-protocol_whitelist file`: only the named local file, nothing it refers to over a network;
 * - `-format_whitelist`: only the demuxers of audio and video containers (no hls, concat, image2,
 *   tty, sdp, …), so even a local file list cannot be followed;
 * - a `file:` URL, so a name with a colon is not read as a protocol.
 */

/**
 * Demuxer names, as `ffmpeg -demuxers` lists them: what field recorders, phones and cameras
 * produce, and the common audio formats. ffmpeg matches a demuxer whose name has several parts
 * ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm") when any part is listed.
 */
export const MEDIA_DEMUXERS = [
  'wav', 'w64', 'rf64', 'aiff', 'caf', 'au', 'flac', 'mp3', 'aac', 'ac3', 'eac3', 'dts', 'amr',
  'ogg', 'wv', 'ape', 'tta', 'mov', 'matroska', 'avi', 'asf', 'flv', 'mpegts', 'mpeg', 'mxf', 'dv',
  'm4v', 'h264', 'hevc',
] as const;

/** A local path as ffmpeg's `file:` URL (as it appears in ffmpeg's messages). */
export const fileUrl = (path: string): string => (path.startsWith('file:') ? path : `file:${path}`);

/** The arguments that open `path` as the next input of ffmpeg or ffprobe. */
export function untrustedInput(path: string): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', MEDIA_DEMUXERS.join(','), '-i', fileUrl(path)];
}
