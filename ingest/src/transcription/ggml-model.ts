/**
 * The legacy ggml file format of whisper.cpp models (what `ggml-base.bin` and friends are), as read
 * by `whisper_model_load` in whisper.cpp 1.x: magic, eleven int32 hparams, the mel filter bank, the
 * vocabulary, then tensors (int32 n_dims, name length, type; n_dims int32 sizes, innermost first;
 * the name; the raw data, unpadded) until end of file. Everything is little-endian.
 *
 * One description of the tensors serves two purposes: the tiny test model is written from it, and
 * `inspectModel` checks a model file against it before whisper.cpp sees the file. The check matters
 * because whisper.cpp trusts the file: a truncated download right after the vocabulary loads as an
 * "empty model" with uninitialised weights, and a garbage length field can abort the process.
 */
import { open, type FileHandle } from 'node:fs/promises';

export const GGML_MAGIC = 0x67676d6c; // "ggml"

/** In file order. */
export const HPARAM_NAMES = [
  'n_vocab', 'n_audio_ctx', 'n_audio_state', 'n_audio_head', 'n_audio_layer',
  'n_text_ctx', 'n_text_state', 'n_text_head', 'n_text_layer', 'n_mels', 'ftype',
] as const;
export type WhisperHparams = Record<(typeof HPARAM_NAMES)[number], number>;

/** whisper.cpp computes its log-mel spectrogram with a 400-point FFT: 201 frequency bins. */
export const MEL_N_FFT = 201;

/** ggml tensor types a whisper model may use: block size (elements) and block bytes. */
const GGML_TYPES: Record<number, { name: string; block: number; bytes: number }> = {
  0: { name: 'f32', block: 1, bytes: 4 },
  1: { name: 'f16', block: 1, bytes: 2 },
  2: { name: 'q4_0', block: 32, bytes: 18 },
  3: { name: 'q4_1', block: 32, bytes: 20 },
  6: { name: 'q5_0', block: 32, bytes: 22 },
  7: { name: 'q5_1', block: 32, bytes: 24 },
  8: { name: 'q8_0', block: 32, bytes: 34 },
  10: { name: 'q2_k', block: 256, bytes: 84 },
  11: { name: 'q3_k', block: 256, bytes: 110 },
  12: { name: 'q4_k', block: 256, bytes: 144 },
  13: { name: 'q5_k', block: 256, bytes: 176 },
  14: { name: 'q6_k', block: 256, bytes: 210 },
  30: { name: 'bf16', block: 1, bytes: 2 },
};
/** The file's ftype (mod 1000, the quantisation version factor) → ggml type of the big matrices. */
const FTYPE_TO_TYPE: Record<number, number> = { 0: 0, 1: 1, 2: 2, 3: 3, 7: 8, 8: 6, 9: 7, 10: 10, 11: 11, 12: 12, 13: 13, 14: 14, 24: 30 };

export const GGML_F32 = 0;
export const GGML_F16 = 1;

/**
 * 'f32': biases, layer norms and positional embeddings, always f32. 'weight': the matrices, in the
 * model's type. 'conv': the two input convolutions, f16 unless the whole model is f32.
 */
export type TensorKind = 'f32' | 'weight' | 'conv';
export interface TensorSpec {
  name: string;
  /** ggml order: ne[0] is the innermost (fastest-varying) dimension. */
  ne: number[];
  kind: TensorKind;
}

/** Every tensor whisper.cpp creates for these hparams, with the shapes it checks on load. */
export function whisperTensors(h: WhisperHparams): TensorSpec[] {
  const a = h.n_audio_state;
  const t = h.n_text_state;
  const list: TensorSpec[] = [
    { name: 'encoder.positional_embedding', ne: [a, h.n_audio_ctx], kind: 'f32' },
    { name: 'encoder.conv1.weight', ne: [3, h.n_mels, a], kind: 'conv' },
    { name: 'encoder.conv1.bias', ne: [1, a], kind: 'f32' },
    { name: 'encoder.conv2.weight', ne: [3, a, a], kind: 'conv' },
    { name: 'encoder.conv2.bias', ne: [1, a], kind: 'f32' },
    { name: 'encoder.ln_post.weight', ne: [a], kind: 'f32' },
    { name: 'encoder.ln_post.bias', ne: [a], kind: 'f32' },
  ];
  // One transformer block: pre-norm self-attention (the key has no bias in Whisper) and a 4× MLP.
  const block = (prefix: string, n: number, attn: string) => [
    { name: `${prefix}.${attn}_ln.weight`, ne: [n], kind: 'f32' as const },
    { name: `${prefix}.${attn}_ln.bias`, ne: [n], kind: 'f32' as const },
    { name: `${prefix}.${attn}.query.weight`, ne: [n, n], kind: 'weight' as const },
    { name: `${prefix}.${attn}.query.bias`, ne: [n], kind: 'f32' as const },
    { name: `${prefix}.${attn}.key.weight`, ne: [n, n], kind: 'weight' as const },
    { name: `${prefix}.${attn}.value.weight`, ne: [n, n], kind: 'weight' as const },
    { name: `${prefix}.${attn}.value.bias`, ne: [n], kind: 'f32' as const },
    { name: `${prefix}.${attn}.out.weight`, ne: [n, n], kind: 'weight' as const },
    { name: `${prefix}.${attn}.out.bias`, ne: [n], kind: 'f32' as const },
  ];
  const mlp = (prefix: string, n: number) => [
    { name: `${prefix}.mlp_ln.weight`, ne: [n], kind: 'f32' as const },
    { name: `${prefix}.mlp_ln.bias`, ne: [n], kind: 'f32' as const },
    { name: `${prefix}.mlp.0.weight`, ne: [n, 4 * n], kind: 'weight' as const },
    { name: `${prefix}.mlp.0.bias`, ne: [4 * n], kind: 'f32' as const },
    { name: `${prefix}.mlp.2.weight`, ne: [4 * n, n], kind: 'weight' as const },
    { name: `${prefix}.mlp.2.bias`, ne: [n], kind: 'f32' as const },
  ];
  for (let i = 0; i < h.n_audio_layer; i++) list.push(...block(`encoder.blocks.${i}`, a, 'attn'), ...mlp(`encoder.blocks.${i}`, a));
  list.push(
    { name: 'decoder.positional_embedding', ne: [t, h.n_text_ctx], kind: 'f32' },
    { name: 'decoder.token_embedding.weight', ne: [t, h.n_vocab], kind: 'weight' },
    { name: 'decoder.ln.weight', ne: [t], kind: 'f32' },
    { name: 'decoder.ln.bias', ne: [t], kind: 'f32' },
  );
  for (let i = 0; i < h.n_text_layer; i++) {
    const p = `decoder.blocks.${i}`;
    list.push(...block(p, t, 'attn'), ...block(p, t, 'cross_attn'), ...mlp(p, t));
  }
  return list;
}

/** The ggml type whisper.cpp allocates for a tensor of this kind in a model of this ftype. */
export function tensorType(kind: TensorKind, ftype: number): number {
  const wtype = FTYPE_TO_TYPE[ftype % 1000];
  if (wtype === undefined) throw new Error(`unknown ftype ${ftype}`);
  if (kind === 'f32') return GGML_F32;
  if (kind === 'conv') return wtype === GGML_F32 ? GGML_F32 : GGML_F16;
  return wtype;
}

export function tensorBytes(type: number, nelements: number): number {
  const t = GGML_TYPES[type];
  if (!t) throw new Error(`unknown ggml type ${type}`);
  return (nelements / t.block) * t.bytes;
}

/** Multilingual models have ≥ 51865 tokens; the language tokens sit between SOT and "translate". */
export function modelLanguageCount(nVocab: number): number {
  return nVocab >= 51865 ? nVocab - 51765 - 1 : 1;
}

export interface ModelInfo {
  hparams: WhisperHparams;
  multilingual: boolean;
  /** How many of WHISPER_LANGUAGES (from the start) the model has tokens for; 1 (en) if English-only. */
  languages: number;
  tensors: number;
  fileBytes: number;
}

/** The file is not a complete whisper.cpp model; the message says what is wrong and where. */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

/** Reads forward through the file in 64 KiB windows; tensor data is skipped, never read. */
class Reader {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  pos = 0;
  constructor(private readonly fh: FileHandle, readonly size: number) {}

  async bytes(n: number, what: string): Promise<Buffer> {
    if (this.pos + n > this.size) throw new ModelFormatError(`the file ends inside ${what} (offset ${this.pos}, ${this.size} bytes): it is truncated`);
    if (this.pos < this.bufStart || this.pos + n > this.bufStart + this.buf.length) {
      this.buf = Buffer.alloc(Math.max(n, 65536));
      const { bytesRead } = await this.fh.read(this.buf, 0, this.buf.length, this.pos);
      this.buf = this.buf.subarray(0, bytesRead);
      this.bufStart = this.pos;
    }
    const off = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(off, off + n);
  }

  async int32(what: string): Promise<number> {
    return (await this.bytes(4, what)).readInt32LE(0);
  }

  skip(n: number, what: string): void {
    if (this.pos + n > this.size) throw new ModelFormatError(`the file ends inside ${what}: it is truncated (${this.size} bytes, needs at least ${this.pos + n})`);
    this.pos += n;
  }
}

function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new ModelFormatError(message);
}

/**
 * Checks that `path` is a complete whisper.cpp ggml model: header, filters, vocabulary, and exactly
 * the tensors whisper.cpp expects for those hparams, with the right shapes and all their bytes.
 * Throws ModelFormatError; reads only headers, so it takes milliseconds even for a 3 GB model.
 */
export async function inspectModel(path: string): Promise<ModelInfo> {
  const fh = await open(path, 'r');
  try {
    const r = new Reader(fh, (await fh.stat()).size);
    const magic = r.size >= 4 ? (await r.bytes(4, 'the magic number')).readUInt32LE(0) : -1;
    if (magic === 0x46554747) throw new ModelFormatError('this is a GGUF file; whisper.cpp loads Whisper models in the older ggml format (ggml-*.bin)');
    check(magic === GGML_MAGIC, 'it does not start with the ggml magic number: it is not a whisper.cpp model');
    const h = {} as WhisperHparams;
    for (const name of HPARAM_NAMES) h[name] = await r.int32(`the header (${name})`);
    const bad = HPARAM_NAMES.filter((k) => k !== 'ftype' && (h[k] <= 0 || h[k] > 1_000_000));
    check(bad.length === 0, `the header has impossible values (${bad.map((k) => `${k}=${h[k]}`).join(', ')})`);
    check(h.n_vocab >= 51864, `the vocabulary has ${h.n_vocab} tokens; Whisper models have at least 51864`);
    check(h.n_audio_state === h.n_text_state, 'the encoder and decoder widths differ');
    check(h.n_audio_state % h.n_audio_head === 0 && h.n_text_state % h.n_text_head === 0, 'the width is not a multiple of the head count');
    check(FTYPE_TO_TYPE[h.ftype % 1000] !== undefined, `unsupported weight type (ftype ${h.ftype})`);

    const nMel = await r.int32('the mel filters');
    const nFft = await r.int32('the mel filters');
    check(nMel === h.n_mels && nFft === MEL_N_FFT, `the mel filter bank is ${nMel}×${nFft}, expected ${h.n_mels}×${MEL_N_FFT}`);
    r.skip(nMel * nFft * 4, 'the mel filters');

    const nTokens = await r.int32('the vocabulary');
    check(nTokens >= 0 && nTokens <= h.n_vocab, `the vocabulary lists ${nTokens} tokens for n_vocab ${h.n_vocab}`);
    for (let i = 0; i < nTokens; i++) {
      const len = await r.int32('the vocabulary');
      check(len >= 0 && len <= 1024, `vocabulary token ${i} has an impossible length ${len}`);
      r.skip(len, 'the vocabulary');
    }

    const expected = new Map(whisperTensors(h).map((s) => [s.name, s]));
    const seen = new Set<string>();
    while (r.pos < r.size) {
      const at = r.pos;
      const nDims = await r.int32('a tensor header');
      const nameLen = await r.int32('a tensor header');
      const type = await r.int32('a tensor header');
      check(nDims >= 1 && nDims <= 4 && nameLen >= 1 && nameLen <= 256, `a damaged tensor header at offset ${at}`);
      const ne: number[] = [];
      for (let d = 0; d < nDims; d++) ne.push(await r.int32('a tensor header'));
      const name = (await r.bytes(nameLen, 'a tensor name')).toString('utf8');
      const spec = expected.get(name);
      check(spec !== undefined, `unknown tensor "${name}" at offset ${at}`);
      check(!seen.has(name), `tensor "${name}" appears twice`);
      const want = [...spec.ne, 1, 1, 1].slice(0, 3);
      const got = [...ne, 1, 1, 1].slice(0, 3);
      check(want.every((v, i) => v === got[i]) && ne.slice(3).every((v) => v === 1), `tensor "${name}" has shape [${ne}], expected [${spec.ne}]`);
      const n = ne.reduce((p, v) => p * v, 1);
      check(GGML_TYPES[type] !== undefined, `tensor "${name}" has an unsupported type ${type}`);
      const bytes = tensorBytes(type, n);
      check(bytes === tensorBytes(tensorType(spec.kind, h.ftype), n), `tensor "${name}" is stored as ${GGML_TYPES[type]!.name}, which does not fit the model's type`);
      r.skip(bytes, `the data of tensor "${name}"`);
      seen.add(name);
    }
    const missing = [...expected.keys()].filter((k) => !seen.has(k));
    check(missing.length === 0, `${missing.length} of ${expected.size} tensors are missing (first: ${missing[0]}): the file is truncated or incomplete`);
    const multilingual = h.n_vocab >= 51865;
    return { hparams: h, multilingual, languages: modelLanguageCount(h.n_vocab), tensors: seen.size, fileBytes: r.size };
  } finally {
    await fh.close();
  }
}
