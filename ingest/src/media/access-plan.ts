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
 * Audience copies (cuts): for each distinct set of passages an audience may not hear
 * (server/src/access/withheld.ts), the same audio and video with those passages silenced by the
 * `volume` filter's timeline (`enable='between(t,a,b)+…'`, `volume=0`) and, in video, covered by a
 * still card saying in Kazakh, Russian and English that the passage is restricted. Same duration, so
 * every time code holds. They come out of the same ffmpeg run: one decode, `asplit`/`split` to every
 * output.
 *
 * Metadata and chapters are dropped from every copy: phone recordings carry GPS positions and
 * device names, and access copies are what the public may download.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MediaProbe } from './ffprobe.js';
import { untrustedInput } from './untrusted-input.js';

export interface AccessOutputs {
  audio: string | null;
  video: string | null;
  speechWav: string | null;
}

export interface TimeRange {
  start: number;
  end: number;
}

/** A copy to cut: the passages to silence, named by their fingerprint. */
export interface CutRequest {
  fingerprint: string;
  ranges: readonly TimeRange[];
}

/** What one cut writes: its audio, its video (video masters) and a 16 kHz WAV for its waveform. */
export interface CutOutputs extends AccessOutputs {
  fingerprint: string;
}

export interface AccessPlan {
  args: string[];
  /** The full copies; null when only cuts were asked for. */
  outputs: AccessOutputs;
  cuts: CutOutputs[];
  video: { width: number; height: number } | null;
}

/** The still card's words, in the site's three languages (written to a file: drawtext reads it, no escaping). */
export const RESTRICTED_CARD_TEXT = 'Бұл үзінді жабық\nЭтот фрагмент закрыт\nThis passage is restricted';
/** Debian's fonts-dejavu; it has Kazakh Cyrillic. Without it the card is plain (a log says why). */
export const CARD_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** `between(t,a,b)+…`, each bound to the millisecond. */
export function enableExpression(ranges: readonly TimeRange[]): string {
  return ranges.map((r) => `between(t,${r.start.toFixed(3)},${r.end.toFixed(3)})`).join('+');
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

export interface PlanOptions {
  cuts?: readonly CutRequest[];
  /** Only the cuts: the full copies are already stored (a restriction changed). */
  cutsOnly?: boolean;
  /** The card's text file, written by the caller; absent = a black card without words. */
  cardTextFile?: string | null;
  cardFont?: string | null;
}

export function accessPlan(input: string, probe: MediaProbe, dir: string, options: PlanOptions = {}): AccessPlan {
  const cuts = options.cuts ?? [];
  const full = !options.cutsOnly;
  const outputs: AccessOutputs = { audio: null, video: null, speechWav: null };
  // Only the file itself, and only as audio or video (see untrusted-input.ts).
  const args = untrustedInput(input);
  let size: AccessPlan['video'] = null;
  const graph: string[] = [];
  const cutOutputs: CutOutputs[] = cuts.map((c) => ({ fingerprint: c.fingerprint, audio: null, video: null, speechWav: null }));

  if (probe.video) size = videoSize(probe.video);
  const scale = size ? `scale=${size.width}:${size.height},setsar=1` : '';
  // Each cut's audio: split from the one decoded stream, then silenced; a cut needs it up to three times.
  if (cuts.length && probe.audio) {
    graph.push(`[0:a:0]asplit=${cuts.length}${cuts.map((_, i) => `[as${i}]`).join('')}`);
    const uses = probe.video ? 3 : 2;
    cuts.forEach((c, i) => {
      // Short frames, so the timeline switches within a few milliseconds of each range's bounds.
      graph.push(
        `[as${i}]asetnsamples=n=256:p=0,volume=enable='${enableExpression(c.ranges)}':volume=0,asplit=${uses}` +
          `[ca${i}][cw${i}]${probe.video ? `[cv${i}a]` : ''}`,
      );
    });
  }
  if (cuts.length && probe.video) {
    graph.push(`[0:v:0]${scale},split=${cuts.length}${cuts.map((_, i) => `[vs${i}]`).join('')}`);
    cuts.forEach((c, i) => {
      const on = `enable='${enableExpression(c.ranges)}'`;
      const words = options.cardTextFile && options.cardFont && existsSync(options.cardFont)
        ? `,drawtext=fontfile=${options.cardFont}:textfile=${options.cardTextFile}:fontcolor=white:fontsize=${Math.max(12, Math.round(size!.height / 16))}:line_spacing=${Math.round(size!.height / 40)}:x=(w-text_w)/2:y=(h-text_h)/2:${on}`
        : '';
      graph.push(`[vs${i}]drawbox=x=0:y=0:w=iw:h=ih:color=0x202020:t=fill:${on}${words}[cv${i}]`);
    });
  }
  if (graph.length) args.push('-filter_complex', graph.join(';'));

  const videoSettings = [
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23',
    // Main profile, level 3.1: 1280x720 at 30 frames/s, decoded in hardware by old phones and tablets.
    '-profile:v', 'main', '-level:v', '3.1', '-pix_fmt', 'yuv420p', '-fpsmax', '30',
  ];
  if (probe.video && full) {
    outputs.video = join(dir, 'access-video.mp4');
    args.push('-map', '0:v:0');
    if (probe.audio) args.push('-map', '0:a:0');
    args.push(
      ...NO_METADATA, ...videoSettings, '-vf', scale,
      ...(probe.audio ? audioSettings(probe.audio) : []),
      '-movflags', '+faststart', '-f', 'mp4', `file:${outputs.video}`,
    );
  }
  if (probe.audio && full) {
    outputs.audio = join(dir, 'access-audio.m4a');
    outputs.speechWav = join(dir, 'speech-16k.wav');
    args.push('-map', '0:a:0', '-vn', ...NO_METADATA, ...audioSettings(probe.audio), '-movflags', '+faststart', '-f', 'mp4', `file:${outputs.audio}`);
    args.push('-map', '0:a:0', '-vn', ...NO_METADATA, '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-f', 'wav', `file:${outputs.speechWav}`);
  }
  cutOutputs.forEach((cut, i) => {
    if (probe.video) {
      cut.video = join(dir, `cut-${i}-video.mp4`);
      args.push('-map', `[cv${i}]`);
      if (probe.audio) args.push('-map', `[cv${i}a]`);
      args.push(...NO_METADATA, ...videoSettings, ...(probe.audio ? audioSettings(probe.audio) : []), '-movflags', '+faststart', '-f', 'mp4', `file:${cut.video}`);
    }
    if (probe.audio) {
      cut.audio = join(dir, `cut-${i}-audio.m4a`);
      cut.speechWav = join(dir, `cut-${i}-16k.wav`);
      args.push('-map', `[ca${i}]`, ...NO_METADATA, ...audioSettings(probe.audio), '-movflags', '+faststart', '-f', 'mp4', `file:${cut.audio}`);
      args.push('-map', `[cw${i}]`, ...NO_METADATA, '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-f', 'wav', `file:${cut.speechWav}`);
    }
  });
  return { args, outputs, cuts: cutOutputs, video: size };
}
