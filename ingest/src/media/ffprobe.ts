/**
 * Runs ffprobe: the only place that spawns it (argument array, never a shell). Returns what ffprobe
 * found, summarised into the fields the archive keeps, plus the warnings it printed: a truncated WAV
 * or MP4 still probes "fine" at error level and only shows up as a warning while packets are read.
 */
import { spawn } from 'node:child_process';
import { fileUrl, untrustedInput } from './untrusted-input.js';
import { abortError, commandLine, killOnAbort, MediaToolError, notInstalled, quoteTail, spawnFailure, StderrTail } from './tool-process.js';

interface RawStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  channels?: number;
  channel_layout?: string;
  sample_rate?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  bit_rate?: string;
  duration?: string;
  nb_read_packets?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
}

export interface RawProbe {
  streams?: RawStream[];
  format?: { format_name?: string; duration?: string; bit_rate?: string; size?: string };
}

/** What the archive stores in MediaAsset.probe. */
export interface MediaProbe {
  /** ffprobe's demuxer name, e.g. "wav" or "mov,mp4,m4a,3gp,3g2,mj2". */
  container: string;
  durationSeconds: number | null;
  bitRate: number | null;
  audio: { codec: string; channels: number; channelLayout: string | null; sampleRate: number; bitRate: number | null } | null;
  /** Null for audio masters; cover art in an MP3 or M4A is not a video. */
  video: { codec: string; profile: string | null; width: number; height: number; frameRate: number | null; rotation: number; sampleAspectRatio: string | null } | null;
  audioStreams: number;
  videoStreams: number;
}

export interface ProbeOutcome {
  raw: RawProbe;
  summary: MediaProbe;
  /** ffprobe's warnings, cleaned; see damageIn(). */
  warnings: string[];
}

export interface ProbeOptions {
  signal?: AbortSignal;
  /** Read every packet (a full pass over the file, no decoding): finds truncation and broken packets. */
  countPackets?: boolean;
  binary?: string;
}

export function ffprobe(path: string, options: ProbeOptions = {}): Promise<ProbeOutcome> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const args = ['-hide_banner', '-v', 'warning', '-print_format', 'json', '-show_format', '-show_streams'];
  if (options.countPackets) args.push('-count_packets');
  // Only the file itself, and only as audio or video: a playlist cannot make ffprobe open anything else.
  args.push(...untrustedInput(path));
  const input = fileUrl(path);
  return new Promise((resolve, reject) => {
    const [command, argv] = commandLine(options.binary ?? 'ffprobe', args);
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = new StderrTail(40);
    const out: Buffer[] = [];
    const stopWatching = killOnAbort(child, signal);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (err) => {
      stopWatching();
      reject(spawnFailure('ffprobe', err));
    });
    child.once('close', (code) => {
      stopWatching();
      if (signal?.aborted) return reject(abortError(signal));
      // "file:/tmp/archive-verify-x/master.m4a: Invalid data…" → "Invalid data…": the temp path means nothing to anyone.
      const lines = stderr.all().map((line) => line.replace(`${input}: `, '').replaceAll(input, 'the file'));
      if (code !== 0) {
        const missing = notInstalled('ffprobe', code, lines);
        if (missing) return reject(missing);
        const why = lines.length ? quoteTail(lines, 2) : `exit code ${code}`;
        return reject(new MediaToolError(`ffprobe cannot read the file: ${why}`, 'ffprobe', lines, code));
      }
      let raw: RawProbe;
      try {
        raw = JSON.parse(Buffer.concat(out).toString('utf8')) as RawProbe;
      } catch {
        return reject(new MediaToolError('ffprobe printed something that is not JSON', 'ffprobe', lines, code));
      }
      resolve({ raw, summary: summarize(raw), warnings: lines });
    });
  });
}

const num = (value: string | number | undefined | null): number | null => {
  if (value === undefined || value === null || value === '' || value === 'N/A') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** "30000/1001" → 29.97; "0/0" → null. */
const rate = (fraction: string | undefined): number | null => {
  const [a, b] = (fraction ?? '').split('/').map(Number);
  return a && b ? Math.round((a / b) * 1000) / 1000 : null;
};

export function summarize(raw: RawProbe): MediaProbe {
  const streams = raw.streams ?? [];
  const audios = streams.filter((s) => s.codec_type === 'audio');
  const videos = streams.filter((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const a = audios[0];
  const v = videos[0];
  // Phones store portrait video as landscape plus a rotation (side data in ffmpeg 5, a tag before).
  const rotation = v ? (num(v.side_data_list?.find((d) => d.rotation !== undefined)?.rotation) ?? num(v.tags?.rotate) ?? 0) : 0;
  // The container's duration, else the longest stream's (raw ADTS or some WebM files have only one of them).
  const streamDurations = streams.map((s) => num(s.duration)).filter((d): d is number => d !== null && d > 0);
  const formatDuration = num(raw.format?.duration);
  const durationSeconds = formatDuration && formatDuration > 0 ? formatDuration : streamDurations.length ? Math.max(...streamDurations) : null;
  return {
    container: raw.format?.format_name ?? 'unknown',
    durationSeconds,
    bitRate: num(raw.format?.bit_rate),
    audio: a
      ? {
          codec: a.codec_name ?? 'unknown',
          channels: a.channels ?? 0,
          channelLayout: a.channel_layout ?? null,
          sampleRate: num(a.sample_rate) ?? 0,
          bitRate: num(a.bit_rate),
        }
      : null,
    video: v
      ? {
          codec: v.codec_name ?? 'unknown',
          profile: v.profile ?? null,
          width: v.width ?? 0,
          height: v.height ?? 0,
          frameRate: rate(v.avg_frame_rate),
          rotation: ((Math.round(rotation) % 360) + 360) % 360,
          sampleAspectRatio: v.sample_aspect_ratio && v.sample_aspect_ratio !== '0:1' ? v.sample_aspect_ratio : null,
        }
      : null,
    audioStreams: audios.length,
    videoStreams: videos.length,
  };
}

/**
 * Warnings that mean the file is cut short or damaged rather than merely unusual. Seen from
 * ffmpeg 5.1 on truncated files: "Packet corrupt" (WAV, MP4), "partial file" (MP4 whose moov is
 * first), "Invalid data", "truncated"/"incomplete" (MP3, FLAC frames), "moov atom not found".
 */
const DAMAGE = /packet corrupt|partial file|invalid data|truncat|incomplete|moov atom not found|error reading|end of file|corrupt/i;

export function damageIn(warnings: string[]): string | null {
  return warnings.find((line) => DAMAGE.test(line)) ?? null;
}
