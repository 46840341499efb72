/**
 * Writes a tiny Whisper model in the real whisper.cpp ggml format, with seeded random weights.
 *
 * Real models cannot be downloaded where the tests run, and the smallest real one is 75 MB. This one
 * is ~8 MB and runs a 5 s WAV in well under a second, yet whisper.cpp loads it with the same loader,
 * computes the same log-mel spectrogram, runs the same encoder and decoder graphs, samples with the
 * same timestamp rules and temperature fallback, and returns segments through the same API: only
 * the text is nonsense. The same seed always gives the same bytes, so a failing test reproduces.
 *
 * Sizes: the vocabulary must stay full-size (51865 = multilingual with 99 languages: whisper.cpp
 * derives the special tokens — SOT, the language tokens, transcribe, timestamps — from n_vocab), so
 * the token embedding dominates the file. Everything else is shrunk: width 64, 2 heads, 1 layer,
 * decoder context 64. Not 2 decoder layers: whisper.cpp takes a 2-layer decoder for a distilled
 * model and turns timestamps off. The encoder keeps the real 1500 positions (30 s windows).
 */
import { writeFile } from 'node:fs/promises';
import { GGML_F16, GGML_MAGIC, HPARAM_NAMES, MEL_N_FFT, type TensorSpec, type WhisperHparams, tensorType, whisperTensors } from './ggml-model.js';

export interface TinyModelOptions {
  seed?: number;
  /** Encoder and decoder width (both equal, as whisper.cpp requires). */
  state?: number;
  heads?: number;
  layers?: number;
  /** 1 = f16 matrices (like the published models), 0 = all f32. */
  ftype?: 0 | 1;
  /** Decoder context (real models: 448); also bounds the initial prompt to n_text_ctx/2 tokens. */
  textCtx?: number;
  /** false: an English-only vocabulary (51864 tokens, like the `.en` models), no language tokens. */
  multilingual?: boolean;
}

export interface TinyModel {
  path: string;
  bytes: number;
  hparams: WhisperHparams;
  tensors: number;
}

/** Text tokens in the file; whisper.cpp adds the special tokens itself (as for real models). */
const TEXT_TOKENS = 50257;
const SAMPLE_RATE = 16000;
const N_FFT = 400;

/** mulberry32: tiny, fast, and good enough for weights; Box–Muller on top for normal values. */
function rng(seed: number) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** IEEE half precision, round to nearest; Node 20 has no Float16Array. */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp >= 31) return sign | 0x7c00; // too large: infinity (weights here never are)
  if (exp <= 0) {
    if (exp < -10) return sign; // too small even for a subnormal: zero
    const m = (mant | 0x800000) >>> (1 - exp);
    return sign | ((m + 0x1000) >>> 13);
  }
  return (sign | (exp << 10) | (mant >>> 13)) + ((mant >>> 12) & 1);
}

/**
 * A Slaney-style mel filter bank (triangles between mel-spaced centres, area-normalised), the kind
 * Whisper was trained with, so the spectrogram whisper.cpp computes from the WAV is a sensible one.
 */
function melFilters(nMels: number): Float32Array {
  const hzToMel = (f: number) => (f < 1000 ? (3 * f) / 200 : 15 + (27 * Math.log(f / 1000)) / Math.log(6.4));
  const melToHz = (m: number) => (m < 15 ? (200 * m) / 3 : 1000 * Math.exp(((m - 15) * Math.log(6.4)) / 27));
  const top = hzToMel(SAMPLE_RATE / 2);
  const centres = Array.from({ length: nMels + 2 }, (_, i) => melToHz((top * i) / (nMels + 1)));
  const out = new Float32Array(nMels * MEL_N_FFT);
  for (let m = 0; m < nMels; m++) {
    const [lo, mid, hi] = [centres[m]!, centres[m + 1]!, centres[m + 2]!];
    for (let k = 0; k < MEL_N_FFT; k++) {
      const f = (k * SAMPLE_RATE) / N_FFT;
      const w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
      out[m * MEL_N_FFT + k] = (w * 2) / (hi - lo);
    }
  }
  return out;
}

/**
 * Token strings: single characters first (ASCII, Russian and Kazakh Cyrillic), so whisper.cpp's
 * greedy tokenizer can spell any initial prompt in those scripts, then made-up syllables with and
 * without a leading space, like BPE word pieces. All unique, all valid UTF-8.
 */
function vocabulary(): string[] {
  const chars: string[] = [];
  for (let c = 0x20; c < 0x7f; c++) chars.push(String.fromCharCode(c));
  for (let c = 0x410; c <= 0x44f; c++) chars.push(String.fromCharCode(c));
  chars.push(...'ЁёӘәҒғҚқҢңӨөҰұҮүҺһІі');
  const onsets = [...'bdgklmnpqrstvzбвгдзклмнпрстшжқғ'];
  const vowels = [...'aeiouаеиоуыәөүұі'];
  const tokens = [...chars];
  const seen = new Set(tokens);
  for (let n = 0; tokens.length < TEXT_TOKENS; n++) {
    // A different mixed-radix reading of n per length gives every syllable combination once.
    let word = '';
    let k = n;
    do {
      word += onsets[k % onsets.length]! + vowels[Math.floor(k / onsets.length) % vowels.length]!;
      k = Math.floor(k / (onsets.length * vowels.length));
    } while (k > 0);
    for (const t of [word, ` ${word}`]) {
      if (!seen.has(t) && tokens.length < TEXT_TOKENS) (seen.add(t), tokens.push(t));
    }
  }
  return tokens;
}

/** Values for one tensor: weights scaled by fan-in, norms at 1, small biases, sinusoidal positions. */
function values(spec: TensorSpec, normal: () => number): Float32Array {
  const n = spec.ne.reduce((p, v) => p * v, 1);
  const out = new Float32Array(n);
  const name = spec.name;
  if (name === 'encoder.positional_embedding') {
    // Whisper's encoder uses fixed sinusoids: [sin | cos] over log-spaced timescales.
    const [width, ctx] = spec.ne as [number, number];
    const half = width / 2;
    for (let p = 0; p < ctx; p++) {
      for (let i = 0; i < half; i++) {
        const angle = p * Math.exp((-Math.log(10000) * i) / (half - 1));
        out[p * width + i] = Math.sin(angle);
        out[p * width + half + i] = Math.cos(angle);
      }
    }
  } else if (/ln(_post)?\.weight$|_ln\.weight$/.test(name)) {
    out.fill(1);
  } else if (spec.kind === 'f32' && !name.includes('positional')) {
    for (let i = 0; i < n; i++) out[i] = 0.02 * normal();
  } else {
    const fanIn = name.includes('conv') ? spec.ne[0]! * spec.ne[1]! : spec.ne[0]!;
    const scale = name === 'decoder.token_embedding.weight' || name.includes('positional') ? 0.5 : 1 / Math.sqrt(fanIn);
    for (let i = 0; i < n; i++) out[i] = scale * normal();
  }
  return out;
}

function int32s(...v: number[]): Buffer {
  const b = Buffer.alloc(4 * v.length);
  v.forEach((x, i) => b.writeInt32LE(x, 4 * i));
  return b;
}

/** Builds the model in memory (a few MB) and writes it to `path` in one go. */
export async function writeTinyModel(path: string, options: TinyModelOptions = {}): Promise<TinyModel> {
  const state = options.state ?? 64;
  const layers = options.layers ?? 1;
  const hparams: WhisperHparams = {
    n_vocab: options.multilingual === false ? 51864 : 51865,
    n_audio_ctx: 1500, // 30 s windows, as every Whisper model: whisper.cpp seeks in these
    n_audio_state: state,
    n_audio_head: options.heads ?? 2,
    n_audio_layer: layers,
    // whisper.cpp decodes at most n_text_ctx/2 - 4 tokens per window. Random weights never satisfy
    // its confidence checks, so every window runs the full temperature fallback (6 temperatures,
    // 5 candidates each): with the real 448 that is ~25 s of CPU per window, with 64 it is ~3 s.
    n_text_ctx: options.textCtx ?? 64,
    n_text_state: state,
    n_text_head: options.heads ?? 2,
    n_text_layer: layers,
    n_mels: 80,
    ftype: options.ftype ?? 1,
  };
  if (layers === 2) throw new Error('a 2-layer decoder makes whisper.cpp treat the model as distilled (no timestamps)');
  const { normal } = rng(options.seed ?? 1);
  const parts: Buffer[] = [int32s(GGML_MAGIC | 0, ...HPARAM_NAMES.map((k) => hparams[k]))];

  const filters = melFilters(hparams.n_mels);
  parts.push(int32s(hparams.n_mels, MEL_N_FFT), Buffer.from(filters.buffer));

  const tokens = vocabulary();
  parts.push(int32s(tokens.length));
  for (const t of tokens) {
    const b = Buffer.from(t, 'utf8');
    parts.push(int32s(b.length), b);
  }

  const specs = whisperTensors(hparams);
  for (const spec of specs) {
    const type = tensorType(spec.kind, hparams.ftype);
    const name = Buffer.from(spec.name, 'utf8');
    parts.push(int32s(spec.ne.length, name.length, type, ...spec.ne), name);
    const v = values(spec, normal);
    if (type === GGML_F16) {
      const half = new Uint16Array(v.length);
      for (let i = 0; i < v.length; i++) half[i] = toHalf(v[i]!);
      parts.push(Buffer.from(half.buffer));
    } else {
      parts.push(Buffer.from(v.buffer));
    }
  }
  const data = Buffer.concat(parts);
  await writeFile(path, data);
  return { path, bytes: data.length, hparams, tensors: specs.length };
}
