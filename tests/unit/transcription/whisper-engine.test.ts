/**
 * The real engine: whisper.cpp (through @fugood/whisper.node, in a child process) loading the tiny
 * model this suite generates and transcribing WAVs made by ffmpeg. The text is nonsense (random
 * weights); everything around it is real: loading, the log-mel and both transformer halves, the
 * timestamp rules that make segments, language handling, progress, abort, and every error path.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHISPER_LANGUAGES, TranscriptionError, type TranscriptionResult } from '../../../ingest/src/transcription/transcriber.js';
import { writeTinyModel } from '../../../ingest/src/transcription/tiny-model.js';
import { normalizeSegments, runWhisperChild, WhisperEngine } from '../../../ingest/src/transcription/whisper-engine.js';

const run = promisify(execFile);
let dir: string;
let modelPath: string;
let wav5: string;
let wavLong: string;

/** A 16 kHz mono 16-bit WAV of `seconds`: a tone over quiet noise, made by ffmpeg. */
async function makeWav(path: string, seconds: number, extra: string[] = ['-ar', '16000', '-ac', '1']) {
  await run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}`,
    '-f', 'lavfi', '-i', `anoisesrc=duration=${seconds}:amplitude=0.02:seed=5`, '-filter_complex', 'amix=inputs=2',
    ...extra, '-c:a', 'pcm_s16le', path]);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'whisper-engine-'));
  modelPath = (await writeTinyModel(join(dir, 'ggml-tiny-random.bin'), { seed: 1 })).path;
  wav5 = await makeWav(join(dir, 'five.wav'), 5);
  wavLong = await makeWav(join(dir, 'sixty-five.wav'), 65);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const engine = (logs?: string[]) => new WhisperEngine({ modelPath, threads: 2, onLog: logs && ((l) => logs.push(l)) });

function expectWellFormed(result: TranscriptionResult, duration: number) {
  expect(result.segments.length).toBeGreaterThan(0);
  let previous = 0;
  for (const s of result.segments) {
    expect(Number.isFinite(s.start) && Number.isFinite(s.end)).toBe(true);
    expect(s.start).toBeGreaterThanOrEqual(previous);
    expect(s.end).toBeGreaterThanOrEqual(s.start);
    expect(s.end).toBeLessThanOrEqual(duration);
    expect(typeof s.text).toBe('string');
    expect(s.text.trim()).not.toBe('');
    previous = s.start;
  }
}

async function failure(p: Promise<unknown>): Promise<TranscriptionError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(TranscriptionError);
  return err as TranscriptionError;
}

describe('WhisperEngine with the generated tiny model', () => {
  it('transcribes a 5 s WAV in the language asked (kk stays kk), with segments and progress', async () => {
    const logs: string[] = [];
    const progress: number[] = [];
    const started = Date.now();
    const result = await engine(logs).transcribe(wav5, { language: 'kk', onProgress: (p) => progress.push(p) });
    const ms = Date.now() - started;
    console.log(`[timing] tiny model, 5 s WAV, 2 threads: ${ms} ms (model check + process start + load + transcription)`);

    expect(result.language).toBe('kk');
    expectWellFormed(result, 5);
    // whisper.cpp really loaded our file: its loader logs the hparams it read.
    expect(logs).toContain('whisper_model_load: n_audio_state = 64');
    expect(logs.some((l) => l.includes('n_langs       = 99'))).toBe(true);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(logs.some((l) => l.includes('unknown token'))).toBe(false);
  }, 120_000);

  it("detects the language for 'auto' and returns what whisper.cpp detected", async () => {
    const logs: string[] = [];
    const result = await engine(logs).transcribe(wav5, { language: 'auto' });
    expect(WHISPER_LANGUAGES).toContain(result.language);
    expect(logs.some((l) => l.includes(`auto-detected language: ${result.language} `))).toBe(true);
    expectWellFormed(result, 5);
  }, 120_000);

  it('hands the initial prompt to whisper.cpp, which tokenizes it', async () => {
    // The tiny vocabulary spells Latin and Cyrillic (Kazakh included) but has no "☃": whisper.cpp's
    // tokenizer reports that piece, which shows the prompt reached it.
    const logs: string[] = [];
    const result = await engine(logs).transcribe(wav5, { language: 'ru', initialPrompt: 'Алматы, Жетісу, Қонаев ☃' });
    expect(result.language).toBe('ru');
    expect(logs.filter((l) => l.includes('unknown token')).length).toBeGreaterThan(0);
  }, 120_000);

  it('reports rising progress through a 65 s recording, with segments inside it', async () => {
    const progress: number[] = [];
    const result = await engine().transcribe(wavLong, { language: 'kk', onProgress: (p) => progress.push(p) });
    expectWellFormed(result, 65);
    expect(new Set(progress).size).toBeGreaterThanOrEqual(3);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress.at(-1)).toBe(100);
    expect(progress.filter((p) => p > 0 && p < 100).length).toBeGreaterThan(0);
  }, 180_000);

  it('stops at once when aborted: the promise settles after the child process has exited', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const pending = engine().transcribe(wavLong, {
      language: 'kk',
      signal: controller.signal,
      onProgress: () => {
        // The first progress comes once whisper.cpp has started on the first window.
        if (!abortedAt) (abortedAt = Date.now(), controller.abort());
      },
    });
    const err = await failure(pending);
    expect(err.reason).toBe('aborted');
    expect(abortedAt).toBeGreaterThan(0);
    expect(Date.now() - abortedAt).toBeLessThan(5_000);
    // Already aborted: refused before any process starts.
    expect((await failure(engine().transcribe(wav5, { language: 'kk', signal: AbortSignal.abort() }))).reason).toBe('aborted');
  }, 120_000);
});

describe('WhisperEngine errors', () => {
  it('model-missing when WHISPER_MODEL is unset or names no file, saying how to install one', async () => {
    const unset = await failure(new WhisperEngine({ modelPath: undefined }).transcribe(wav5, { language: 'kk' }));
    expect(unset.reason).toBe('model-missing');
    expect(unset.message).toMatch(/WHISPER_MODEL is not set.*npm run whisper:model -- base/);
    const missing = join(dir, 'nowhere', 'ggml-base.bin');
    const err = await failure(new WhisperEngine({ modelPath: missing }).transcribe(wav5, { language: 'kk' }));
    expect(err.reason).toBe('model-missing');
    expect(err.message).toContain(`WHISPER_MODEL points at ${missing} which does not exist; install a model with \`npm run whisper:model -- base\``);
    expect(err.retryable).toBe(false);
  });

  it('model-invalid for a truncated model, garbage, or a directory', async () => {
    const truncated = join(dir, 'truncated.bin');
    await writeFile(truncated, (await readFile(modelPath)).subarray(0, 3_000_000));
    const garbage = join(dir, 'garbage.bin');
    await writeFile(garbage, Buffer.from('<html>404 Not Found</html>'));
    for (const [path, why] of [[truncated, /truncated/], [garbage, /ggml magic/], [dir, /not a file/]] as const) {
      const err = await failure(new WhisperEngine({ modelPath: path }).transcribe(wav5, { language: 'kk' }));
      expect(err.reason).toBe('model-invalid');
      expect(err.message).toMatch(why);
    }
  });

  it("maps whisper.cpp's own refusal to load a file to model-invalid, and this process lives on", async () => {
    // Bypasses the pre-check, as a file damaged in a way it cannot see would.
    const garbage = join(dir, 'garbage-direct.bin');
    await writeFile(garbage, Buffer.alloc(1024, 0x41));
    const err = await failure(runWhisperChild({ modelPath: garbage, wavPath: wav5, language: 'kk', threads: 1 }));
    expect(err.reason).toBe('model-invalid');
    expect(err.message).toMatch(/whisper.cpp could not load the model .*garbage-direct\.bin/);
    expect(err.message).toMatch(/bad magic/);
    // The engine still works afterwards.
    expect((await engine().transcribe(wav5, { language: 'en' })).language).toBe('en');
  }, 120_000);

  it('unsupported-language for an unknown code, and for kk on an English-only model', async () => {
    const err = await failure(engine().transcribe(wav5, { language: 'xx' as 'kk' }));
    expect(err.reason).toBe('unsupported-language');
    const en = (await writeTinyModel(join(dir, 'ggml-tiny-random.en.bin'), { multilingual: false })).path;
    const enOnly = await failure(new WhisperEngine({ modelPath: en }).transcribe(wav5, { language: 'kk' }));
    expect(enOnly.reason).toBe('unsupported-language');
    expect(enOnly.message).toMatch(/English-only/);
  });

  it('audio-invalid for a WAV that is not 16 kHz mono PCM, or no WAV at all', async () => {
    const stereo = await makeWav(join(dir, 'stereo.wav'), 1, ['-ar', '44100', '-ac', '2']);
    const err = await failure(engine().transcribe(stereo, { language: 'kk' }));
    expect(err.reason).toBe('audio-invalid');
    expect(err.message).toMatch(/44100 Hz, 2 channel/);
    expect((await failure(engine().transcribe(join(dir, 'none.wav'), { language: 'kk' }))).reason).toBe('audio-invalid');
    const notWav = join(dir, 'model-as.wav');
    await copyFile(modelPath, notWav);
    expect((await failure(engine().transcribe(notWav, { language: 'kk' }))).message).toMatch(/not a WAV/);
  });
});

describe('normalizeSegments', () => {
  it('converts ms to s, clamps to the audio, keeps starts rising, and drops empty text', () => {
    const raw = [
      { t0: 820, t1: 4000, text: ' Сәлем ' },
      { t0: 600, t1: 3500, text: 'back in time' },
      { t0: 4200, t1: 30000, text: 'past the end' },
      { t0: 4500, t1: 4600, text: '   ' },
    ];
    expect(normalizeSegments(raw, 5)).toEqual([
      { start: 0.82, end: 4, text: 'Сәлем' },
      { start: 0.82, end: 3.5, text: 'back in time' },
      { start: 4.2, end: 5, text: 'past the end' },
    ]);
  });
});
