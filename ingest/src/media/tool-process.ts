/**
 * What ffmpeg.ts and ffprobe.ts share about a running media tool: the tail of its stderr for error
 * messages, an error class that quotes it, and stopping the child when the job is aborted. The
 * spawning itself stays in those two files.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A media tool failed; `message` quotes its last stderr lines, which is what a person can act on. */
export class MediaToolError extends Error {
  override name = 'MediaToolError';
  constructor(
    message: string,
    readonly tool: 'ffmpeg' | 'ffprobe',
    readonly stderrTail: string[],
    readonly exitCode: number | null,
  ) {
    super(message);
  }
}

/** Keeps the last `max` non-empty stderr lines (ffmpeg can print megabytes of warnings on a bad file). */
export class StderrTail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly max = 12) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split(/\r?\n|\r/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  /** Every line, the last partial one included. */
  all(): string[] {
    if (this.partial) {
      this.add(this.partial);
      this.partial = '';
    }
    return [...this.lines];
  }

  private add(line: string) {
    // "[wav @ 0x55f8fa302400] Packet corrupt": the address changes every run and helps nobody.
    const clean = line.replace(/ @ 0x[0-9a-f]+\]/i, ']').trim();
    if (!clean) return;
    this.lines.push(clean);
    if (this.lines.length > this.max) this.lines.shift();
  }
}

const SETPRIV = '/usr/bin/setpriv';
const canSetDeathSignal = process.platform === 'linux' && existsSync(SETPRIV);

/**
 * The command line that starts `binary`. On Linux it goes through util-linux's `setpriv
 * --pdeathsig KILL` (Debian: essential package), which execs the tool with a parent-death signal:
 * when the worker is SIGKILLed (OOM killer, a crash test), ffmpeg dies with it instead of running
 * on for the rest of an hour-long transcode while another worker redoes the job. Without it, the
 * orphan would not even notice: Node ignores SIGPIPE, children inherit that, and ffmpeg shrugs off
 * EPIPE on its progress pipe.
 */
export function commandLine(binary: string, args: string[]): [string, string[]] {
  return canSetDeathSignal ? [SETPRIV, ['--pdeathsig', 'KILL', '--', binary, ...args]] : [binary, args];
}

/** setpriv's own "failed to execute ffmpeg: No such file or directory" (exit 127) means: not installed. */
export function notInstalled(tool: 'ffmpeg' | 'ffprobe', code: number | null, lines: string[]): MediaToolError | null {
  if (code !== 127 || !lines.some((l) => /failed to execute .*No such file/i.test(l))) return null;
  return spawnFailure(tool, Object.assign(new Error('not found'), { code: 'ENOENT' }));
}

/** A program that is not installed gives ENOENT; say which package brings it. */
export function spawnFailure(tool: 'ffmpeg' | 'ffprobe', err: NodeJS.ErrnoException): MediaToolError {
  const message =
    err.code === 'ENOENT'
      ? `${tool} is not installed or not on PATH (Debian: apt-get install ffmpeg)`
      : `${tool} could not be started: ${err.message}`;
  return new MediaToolError(message, tool, [], null);
}

/**
 * Stops the child when the signal aborts: SIGTERM first (ffmpeg then exits at once, its output is
 * thrown away anyway), SIGKILL if it is still there after a grace period. Returns the cleanup.
 */
export function killOnAbort(child: ChildProcess, signal: AbortSignal | undefined, graceMs = 2_000): () => void {
  if (!signal) return () => {};
  let forceTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    child.kill('SIGTERM');
    forceTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    forceTimer.unref();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal.removeEventListener('abort', onAbort);
    if (forceTimer) clearTimeout(forceTimer);
  };
}

/** The error a handler throws when its signal aborted: the abort reason itself, so the runner sees why. */
export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('The job was aborted');
}

/** Quoted for an error message: the last few lines, joined. */
export const quoteTail = (lines: string[], count = 3) => lines.slice(-count).join(' | ');
