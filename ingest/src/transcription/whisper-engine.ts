/**
 * The Whisper transcriber: whisper.cpp through the prebuilt N-API binding @fugood/whisper.node,
 * run in a child process per transcription (see whisper-child.ts for why, and
 * docs/decisions/transcription-engine.md for the choice of binding).
 *
 * Before anything native runs, the model file is checked against the ggml format (ggml-model.ts)
 * and the WAV header is read, so the common failures — no model installed, a truncated download, a
 * wrong access copy, a language the model lacks — come back as a TranscriptionError whose message
 * says what to fix, and cost no process start.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspectModel, ModelFormatError, type ModelInfo } from './ggml-model.js';
import {
  isWhisperLanguage,
  MODEL_INSTALL_HINT,
  type TranscribedSegment,
  type TranscribeOptions,
  type Transcriber,
  TranscriptionError,
  type TranscriptionResult,
  WHISPER_LANGUAGES,
} from './transcriber.js';
import { readWavInfo, WavFormatError } from './wav.js';

export interface WhisperEngineOptions {
  /** Path of a ggml model file (config WHISPER_MODEL); undefined when the variable is unset. */
  modelPath: string | undefined;
  /** CPU threads for whisper.cpp; defaults to every core, at most 8 (more rarely helps). */
  threads?: number;
  /**
   * whisper.cpp's own log, line by line (model hparams, "auto-detected language: kk (p = 0.93)",
   * warnings): for the job's log. Errors include its last lines either way.
   */
  onLog?: (line: string) => void;
}

/** Parent → child: the one request a child serves. */
export interface ChildRequest {
  modelPath: string;
  wavPath: string;
  language: string;
  prompt?: string;
  threads: number;
}

/** Child → parent. Times are whisper.cpp's, in milliseconds. */
export type ChildMessage =
  | { type: 'loaded' }
  | { type: 'progress'; pct: number }
  | { type: 'result'; language: string; segments: { t0: number; t1: number; text: string }[] }
  | { type: 'error'; phase: 'setup' | 'load' | 'transcribe'; message: string };

const CHILD = fileURLToPath(new URL('./whisper-child.ts', import.meta.url));
/** tsx runs the TypeScript child, as it runs the worker itself (`npm run worker`). */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** How much of the child's stderr (whisper.cpp's log) to keep for error messages. */
const STDERR_TAIL = 4000;

export class WhisperEngine implements Transcriber {
  private readonly threads: number;

  constructor(private readonly options: WhisperEngineOptions) {
    this.threads = Math.max(1, Math.floor(options.threads ?? Math.min(8, availableParallelism())));
  }

  /** Checks the configured model without transcribing: for a start-up or health check. */
  async checkModel(): Promise<ModelInfo> {
    const path = this.options.modelPath;
    if (!path) throw new TranscriptionError('model-missing', `WHISPER_MODEL is not set; ${MODEL_INSTALL_HINT} and set WHISPER_MODEL to its path`);
    const full = resolve(path);
    const info = await stat(full).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
        throw new TranscriptionError('model-missing', `WHISPER_MODEL points at ${full} which does not exist; ${MODEL_INSTALL_HINT}`);
      }
      throw new TranscriptionError('model-invalid', `WHISPER_MODEL points at ${full}, which cannot be read (${err.code ?? err.message})`);
    });
    if (!info.isFile()) throw new TranscriptionError('model-invalid', `WHISPER_MODEL points at ${full}, which is not a file; point it at a ggml-*.bin model`);
    try {
      return await inspectModel(full);
    } catch (err) {
      const why = err instanceof ModelFormatError ? err.message : String(err);
      throw new TranscriptionError('model-invalid', `WHISPER_MODEL points at ${full}, which is not a usable whisper.cpp model: ${why}. Replace it: ${MODEL_INSTALL_HINT}`, { cause: err });
    }
  }

  async transcribe(wavPath: string, options: TranscribeOptions): Promise<TranscriptionResult> {
    const { language, signal } = options;
    throwIfAborted(signal);
    if (language !== 'auto' && !isWhisperLanguage(language)) {
      throw new TranscriptionError('unsupported-language', `Whisper cannot transcribe language "${language}"; use one of ${WHISPER_LANGUAGES.join(', ')} or auto`);
    }
    const model = await this.checkModel();
    if (language !== 'auto' && WHISPER_LANGUAGES.indexOf(language) >= model.languages) {
      const kind = model.multilingual ? `knows only ${model.languages} languages` : 'is English-only (a .en model)';
      throw new TranscriptionError('unsupported-language', `The model at ${resolve(this.options.modelPath!)} ${kind} and cannot transcribe "${language}"; install a multilingual model (e.g. \`npm run whisper:model -- base\`)`);
    }
    const wav = resolve(wavPath); // absolute: whisper.cpp would read stdin for a path of "-"
    const audio = await readWavInfo(wav).catch((err: unknown) => {
      const why = err instanceof WavFormatError ? err.message : (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : String(err);
      throw new TranscriptionError('audio-invalid', `The audio to transcribe (${wav}) is unusable: ${why}`, { cause: err });
    });
    throwIfAborted(signal);
    const request: ChildRequest = { modelPath: resolve(this.options.modelPath!), wavPath: wav, language, threads: this.threads };
    const prompt = options.initialPrompt?.trim();
    if (prompt) request.prompt = prompt;
    const raw = await runWhisperChild(request, { ...options, onLog: this.options.onLog });
    return { language: raw.language || language, segments: normalizeSegments(raw.segments, audio.duration) };
  }
}

/**
 * Runs one request in a fresh child process and settles when that process has exited, so a
 * rejection (abort included) means nothing is left running. Exported for the tests, which also
 * feed it models the pre-check would have refused, to see whisper.cpp's own failures handled.
 */
export function runWhisperChild(
  request: ChildRequest,
  { signal, onProgress, onLog }: Pick<TranscribeOptions, 'signal' | 'onProgress'> & Pick<WhisperEngineOptions, 'onLog'> = {},
): Promise<Extract<ChildMessage, { type: 'result' }>> {
  return new Promise((done, fail) => {
    // An argument array, no shell: the paths travel over IPC and are never parsed by anything.
    const child = spawn(process.execPath, ['--import', TSX_LOADER, CHILD], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: childEnv() });
    let stderr = '';
    let loaded = false;
    let reported = -1;
    let outcome: { result: Extract<ChildMessage, { type: 'result' }> } | { error: TranscriptionError } | undefined;

    const progress = (pct: number) => {
      // whisper.cpp reports per 30 s window and can overshoot 100 on the last one; keep 0–100, rising.
      const p = Math.min(100, Math.max(0, Math.round(pct)));
      if (p > reported) {
        reported = p;
        onProgress?.(p);
      }
    };
    const onAbort = () => {
      outcome ??= { error: abortedError() };
      child.kill('SIGKILL'); // this child only, by its handle
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    let partial = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
      if (!onLog) return;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLog(line);
    });
    child.on('message', (msg: ChildMessage) => {
      if (outcome) return;
      if (msg.type === 'loaded') loaded = true;
      else if (msg.type === 'progress') progress(Math.min(msg.pct, 99));
      else if (msg.type === 'result') outcome = { result: msg };
      else outcome = { error: childError(msg, request.modelPath, stderr) };
    });
    child.on('error', (err) => {
      outcome ??= { error: new TranscriptionError('engine-failed', `Could not start the Whisper process: ${err.message}`, { cause: err }) };
      // A process that never started emits no 'close' to settle on.
      if (child.pid === undefined && 'error' in outcome) fail(outcome.error);
    });
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      if (partial.trim()) onLog?.(partial);
      if (outcome && 'result' in outcome) {
        progress(100);
        return done(outcome.result);
      }
      if (outcome) return fail(outcome.error);
      // No answer at all: whisper.cpp or ggml died (abort(), segfault, out of memory).
      const how = sig ? `was killed by ${sig}` : `exited with code ${code}`;
      const log = lastLines(stderr);
      fail(
        loaded
          ? new TranscriptionError('engine-failed', `Whisper ${how} while transcribing${log}`)
          : new TranscriptionError('model-invalid', `Whisper ${how} while loading the model ${request.modelPath}; the file is probably damaged: ${MODEL_INSTALL_HINT}${log}`),
      );
    });
    if (child.pid !== undefined) child.send(request);
  });
}

function childError(msg: Extract<ChildMessage, { type: 'error' }>, modelPath: string, stderr: string): TranscriptionError {
  const log = lastLines(stderr);
  if (msg.phase === 'load') {
    return new TranscriptionError('model-invalid', `whisper.cpp could not load the model ${modelPath} (${msg.message}); replace it: ${MODEL_INSTALL_HINT}${log}`);
  }
  const what = msg.phase === 'setup' ? 'The Whisper binding could not start (is @fugood/whisper.node installed for this platform?)' : 'Whisper failed while transcribing';
  return new TranscriptionError('engine-failed', `${what}: ${msg.message}${log}`);
}

/**
 * whisper.cpp's times are in ms and come from timestamp tokens, which can point past the end of the
 * audio (the decoder sees 30 s windows, zero-padded) and, rarely, back in time. The pipeline wants
 * seconds, in order, within the recording: clamp and make monotonic, and drop empty segments.
 */
export function normalizeSegments(raw: { t0: number; t1: number; text: string }[], duration: number): TranscribedSegment[] {
  const out: TranscribedSegment[] = [];
  let previous = 0;
  for (const seg of raw) {
    const text = seg.text.trim();
    if (!text || !Number.isFinite(seg.t0) || !Number.isFinite(seg.t1)) continue;
    const clamp = (ms: number) => Math.round(Math.min(duration, Math.max(0, ms / 1000)) * 1000) / 1000;
    const start = Math.max(clamp(seg.t0), previous);
    const end = Math.max(clamp(seg.t1), start);
    out.push({ start, end, text });
    previous = start;
  }
  return out;
}

/**
 * The worker's environment holds database and storage credentials the child has no use for: pass
 * only what Node, tsx (its cache under TMPDIR) and OpenMP/ggml tuning read.
 */
function childEnv(): NodeJS.ProcessEnv {
  const keep = /^(PATH|HOME|TMPDIR|TMP|TEMP|LANG|LC_[A-Z]+|NODE_ENV|OMP_[A-Z_]+|GGML_[A-Z_]+)$/;
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => keep.test(k)));
}

function abortedError(): TranscriptionError {
  return new TranscriptionError('aborted', 'The transcription was cancelled');
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError();
}

/** The end of whisper.cpp's log, for the error message: it usually names the broken part. */
function lastLines(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean).slice(-4);
  return lines.length ? `\nwhisper.cpp said:\n${lines.join('\n')}` : '';
}
