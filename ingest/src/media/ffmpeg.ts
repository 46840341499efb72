/**
 * Runs ffmpeg: the only place that spawns it. Always with an argument array, never a shell, so a
 * file name can never become a command. Progress comes from `-progress pipe:1` (key=value blocks on
 * stdout), errors quote ffmpeg's last stderr lines, and an AbortSignal stops the child.
 */
import { spawn } from 'node:child_process';
import { abortError, commandLine, killOnAbort, MediaToolError, notInstalled, quoteTail, spawnFailure, StderrTail } from './tool-process.js';

export interface FfmpegProgress {
  /** 0–100 when the input duration is known, else null. */
  percent: number | null;
  /** How far into the input ffmpeg has got, in seconds. */
  outSeconds: number;
  /** e.g. "12.3x"; null before ffmpeg knows. */
  speed: string | null;
}

export interface FfmpegOptions {
  signal?: AbortSignal;
  /** The input's duration, to turn ffmpeg's position into a percentage. */
  durationSeconds?: number | null;
  onProgress?: (progress: FfmpegProgress) => void;
  /** For tests and unusual installs; default: `ffmpeg` on PATH. */
  binary?: string;
}

/**
 * The options every run gets: no banner, never read stdin (a worker has none, and ffmpeg would stop
 * waiting for a key press), only errors on stderr, progress on stdout, overwrite outputs (each job
 * writes into its own fresh temp directory).
 */
const COMMON = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-progress', 'pipe:1', '-y'];

export function runFfmpeg(args: readonly string[], options: FfmpegOptions = {}): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const [command, argv] = commandLine(options.binary ?? 'ffmpeg', [...COMMON, ...args]);
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = new StderrTail();
    // After SIGTERM ffmpeg still writes a last block, "progress=end": not a finished job, so not forwarded.
    const forward = options.onProgress;
    const onProgress = forward && ((p: FfmpegProgress) => {
      if (!signal?.aborted) forward(p);
    });
    const progress = new ProgressParser(options.durationSeconds ?? null, onProgress);
    const stopWatching = killOnAbort(child, signal);
    child.stdout.on('data', (chunk: Buffer) => progress.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (err) => {
      stopWatching();
      reject(spawnFailure('ffmpeg', err));
    });
    child.once('close', (code, killedBy) => {
      stopWatching();
      if (signal?.aborted) return reject(abortError(signal));
      if (code === 0) return resolve();
      const lines = stderr.all();
      const missing = notInstalled('ffmpeg', code, lines);
      if (missing) return reject(missing);
      const why = lines.length ? quoteTail(lines) : `exited with ${killedBy ?? `code ${code}`} and said nothing`;
      reject(new MediaToolError(`ffmpeg failed: ${why}`, 'ffmpeg', lines, code));
    });
  });
}

/** Reads ffmpeg's `-progress` blocks: key=value lines, each block closed by `progress=continue|end`. */
export class ProgressParser {
  private buffer = '';
  private outSeconds = 0;
  private speed: string | null = null;

  constructor(
    private readonly durationSeconds: number | null,
    private readonly onProgress?: (progress: FfmpegProgress) => void,
  ) {}

  push(chunk: Buffer | string): void {
    this.buffer += chunk.toString();
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line.trim());
  }

  private line(line: string) {
    const eq = line.indexOf('=');
    if (eq < 0) return;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    // out_time_us, not out_time_ms: in ffmpeg 5 both hold microseconds (a naming bug kept for compatibility).
    if (key === 'out_time_us' && /^\d+$/.test(value)) this.outSeconds = Number(value) / 1e6;
    else if (key === 'speed') this.speed = value === 'N/A' ? null : value.trim();
    else if (key === 'progress') this.emit(value === 'end');
  }

  private emit(ended: boolean) {
    if (!this.onProgress) return;
    const d = this.durationSeconds;
    const percent = ended ? 100 : d && d > 0 ? Math.min(99.9, (this.outSeconds / d) * 100) : null;
    this.onProgress({ percent, outSeconds: this.outSeconds, speed: this.speed });
  }
}
