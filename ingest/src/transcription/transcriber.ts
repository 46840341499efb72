/**
 * What the ingest pipeline needs from a speech-to-text engine, independent of the engine. The job
 * handler depends on this interface only, so tests can pass a fake and the Whisper engine can be
 * swapped (another binding, a remote service) without touching the pipeline.
 */

/**
 * The language codes Whisper knows, in whisper.cpp's order (the index is the language id, and the
 * decoder's language token is `<|startoftranscript|> + 1 + id`). `yue` exists only in large-v3
 * models, whose vocabulary is one language longer.
 */
export const WHISPER_LANGUAGES = [
  'en', 'zh', 'de', 'es', 'ru', 'ko', 'fr', 'ja', 'pt', 'tr', 'pl', 'ca', 'nl', 'ar', 'sv', 'it', 'id',
  'hi', 'fi', 'vi', 'he', 'uk', 'el', 'ms', 'cs', 'ro', 'da', 'hu', 'ta', 'no', 'th', 'ur', 'hr', 'bg',
  'lt', 'la', 'mi', 'ml', 'cy', 'sk', 'te', 'fa', 'lv', 'bn', 'sr', 'az', 'sl', 'kn', 'et', 'mk', 'br',
  'eu', 'is', 'hy', 'ne', 'mn', 'bs', 'kk', 'sq', 'sw', 'gl', 'mr', 'pa', 'si', 'km', 'sn', 'yo', 'so',
  'af', 'oc', 'ka', 'be', 'tg', 'sd', 'gu', 'am', 'yi', 'lo', 'uz', 'fo', 'ht', 'ps', 'tk', 'nn', 'mt',
  'sa', 'lb', 'my', 'bo', 'tl', 'mg', 'as', 'tt', 'haw', 'ln', 'ha', 'ba', 'jw', 'su', 'yue',
] as const;

export type WhisperLanguage = (typeof WHISPER_LANGUAGES)[number];
/** A language to transcribe in, or 'auto' to let the engine detect it from the first 30 seconds. */
export type TranscriptionLanguage = WhisperLanguage | 'auto';

export function isWhisperLanguage(code: string): code is WhisperLanguage {
  return (WHISPER_LANGUAGES as readonly string[]).includes(code);
}

export interface TranscribeOptions {
  /**
   * The interview's language. It is passed to the engine as the language to *transcribe* in; the
   * engine never translates (a Kazakh interview gets a Kazakh draft, not an English one).
   */
  language: TranscriptionLanguage;
  /**
   * Text that primes the decoder with spellings it should prefer: place and people names from the
   * archive's vocabulary ("Алматы, Жетісу, Qonayev…"). Whisper keeps only its last ~220 tokens.
   */
  initialPrompt?: string;
  /** Aborting stops the engine at once; the promise rejects with reason 'aborted'. */
  signal?: AbortSignal;
  /** 0–100, never decreasing; 100 is reported once the segments are ready. */
  onProgress?: (pct: number) => void;
}

export interface TranscribedSegment {
  /** Seconds from the start of the audio; segments are in time order and within the audio. */
  start: number;
  /** Seconds; never before `start`. */
  end: number;
  text: string;
}

export interface TranscriptionResult {
  /** The language transcribed in: the one asked for, or the detected one for 'auto'. */
  language: string;
  segments: TranscribedSegment[];
}

export interface Transcriber {
  /** `wavPath`: a 16 kHz mono 16-bit PCM WAV, as the access-copy step produces it. */
  transcribe(wavPath: string, options: TranscribeOptions): Promise<TranscriptionResult>;
}

export type TranscriptionErrorReason =
  /** WHISPER_MODEL is unset or names no file: an operator must install a model. */
  | 'model-missing'
  /** The model file exists but is not a complete whisper.cpp model (truncated download, wrong file). */
  | 'model-invalid'
  /** The input is not the 16 kHz mono PCM WAV the engine expects (a bug or a lost file upstream). */
  | 'audio-invalid'
  /** The language is not one Whisper knows, or not one this model knows (`.en` models). */
  | 'unsupported-language'
  /** The engine failed or crashed while transcribing; retrying may help. */
  | 'engine-failed'
  /** The caller's AbortSignal fired. */
  | 'aborted';

/**
 * Every failure of a transcriber, with a reason the job handler can branch on (retry engine
 * failures, fail the step for a missing model) and a message written for the person who has to fix
 * it, shown as is on the interview's pipeline.
 */
export class TranscriptionError extends Error {
  override readonly name = 'TranscriptionError';

  constructor(
    readonly reason: TranscriptionErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether running the same job again could succeed without anyone changing anything. */
  get retryable(): boolean {
    return this.reason === 'engine-failed';
  }
}

/** The install command every model error points to, so the message says how to fix it. */
export const MODEL_INSTALL_HINT = 'install a model with `npm run whisper:model -- base` (on a machine with internet)';
