/**
 * The ffmpeg command for a master's access copies, as a pure function of what ffprobe found. One
 * ffmpeg run decodes the master once and writes every output:
 *
 * - web audio: AAC-LC in .m4a (MP4), 96 kbit/s mono or 128 kbit/s stereo as the source, 44.1 or
 *   48 kHz. Plays in every browser a school has (Safari, Chrome, Firefox, Edge, old Android).
 * - web video (video masters): H.264 Main profile, yuv420p, at most 720 lines (the short side for
 *   portrait phone video), at most 30 frames/s, AAC audio; `+faststart` puts the index first so
 *   playback starts before the download ends.
 * - the 16 kHz mono 16-bit WAV whisper.cpp wants, also the source of the waveform peaks.
 *
 * Metadata and chapters are dropped from every copy: phone recordings carry GPS positions and
 * device names, and access copies are what the public may download.
 */
import { join } from 'node:path';
import type { MediaProbe } from './ffprobe.js';

export interface AccessOutputs {
  audio: string | null;
  video: string | null;
  speechWav: string | null;
}

export interface AccessPlan {
  args: string[];
  outputs: AccessOutputs;
  video: { width: number; height: number } | null;
}

const MAX_LINES = 720;

/** The picture as shown (rotation and non-square pixels applied), scaled to at most 720 lines, even sizes. */
export function videoSize(video: NonNullable<MediaProbe['video']>): { width: number; height: number } {
  const [sarW, sarH] = (video.sampleAspectRatio ?? '1:1').split(':').map(Number);
  const sar = sarW && sarH ? sarW / sarH : 1;
  let width = video.width * sar;
  let height = video.height;
  if (video.rotation === 90 || video.rotation === 270) [width, height] = [height, width];
  const scale = Math.min(1, MAX_LINES / Math.min(width, height));
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  return { width: even(width), height: even(height) };
}

function audioSettings(audio: NonNullable<MediaProbe['audio']>) {
  const channels = audio.channels === 1 ? 1 : 2;
  // 44.1 and 48 kHz are kept; anything else (8 kHz phone calls, 96 kHz field recorders) becomes 48 kHz.
  const sampleRate = audio.sampleRate === 44_100 || audio.sampleRate === 48_000 ? audio.sampleRate : 48_000;
  return ['-c:a', 'aac', '-b:a', channels === 1 ? '96k' : '128k', '-ac', String(channels), '-ar', String(sampleRate)];
}

const NO_METADATA = ['-map_metadata', '-1', '-map_chapters', '-1'];

export function accessPlan(input: string, probe: MediaProbe, dir: string): AccessPlan {
  const outputs: AccessOutputs = { audio: null, video: null, speechWav: null };
  const args = ['-i', `file:${input}`];
  let size: AccessPlan['video'] = null;

  if (probe.video) {
    size = videoSize(probe.video);
    outputs.video = join(dir, 'access-video.mp4');
    args.push('-map', '0:v:0');
    if (probe.audio) args.push('-map', '0:a:0');
    args.push(
      ...NO_METADATA,
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23',
      // Main profile, level 3.1: 1280x720 at 30 frames/s, decoded in hardware by old phones and tablets.
      '-profile:v', 'main', '-level:v', '3.1', '-pix_fmt', 'yuv420p',
      '-vf', `scale=${size.width}:${size.height},setsar=1`, '-fpsmax', '30',
      ...(probe.audio ? audioSettings(probe.audio) : []),
      '-movflags', '+faststart', '-f', 'mp4', `file:${outputs.video}`,
    );
  }
  if (probe.audio) {
    outputs.audio = join(dir, 'access-audio.m4a');
    outputs.speechWav = join(dir, 'speech-16k.wav');
    args.push('-map', '0:a:0', '-vn', ...NO_METADATA, ...audioSettings(probe.audio), '-movflags', '+faststart', '-f', 'mp4', `file:${outputs.audio}`);
    args.push('-map', '0:a:0', '-vn', ...NO_METADATA, '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-f', 'wav', `file:${outputs.speechWav}`);
  }
  return { args, outputs, video: size };
}
