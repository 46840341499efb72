/**
 * The generated test model: that it is written in the ggml layout whisper.cpp reads (checked here
 * field by field, and by loading it for real in whisper-engine.test.ts), that it is reproducible,
 * and that the model check refuses every way a model file can be cut short or be something else.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GGML_MAGIC, HPARAM_NAMES, inspectModel, ModelFormatError, whisperTensors } from '../../../ingest/src/transcription/ggml-model.js';
import { toHalf, writeTinyModel, type TinyModel } from '../../../ingest/src/transcription/tiny-model.js';

let dir: string;
let model: TinyModel;
let bytes: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiny-model-'));
  model = await writeTinyModel(join(dir, 'tiny.bin'), { seed: 7 });
  bytes = await readFile(model.path);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

/** Offset just past the vocabulary: where the first tensor header starts. */
function tensorsStart(b: Buffer): number {
  let off = 4 + 4 * HPARAM_NAMES.length;
  const nMel = b.readInt32LE(off);
  const nFft = b.readInt32LE(off + 4);
  off += 8 + nMel * nFft * 4;
  const n = b.readInt32LE(off);
  off += 4;
  for (let i = 0; i < n; i++) off += 4 + b.readInt32LE(off);
  return off;
}

describe('writeTinyModel', () => {
  it('writes the ggml header whisper.cpp reads: magic, hparams, 80×201 mel filters, 50257 tokens', () => {
    expect(bytes.readUInt32LE(0)).toBe(GGML_MAGIC);
    const h = Object.fromEntries(HPARAM_NAMES.map((k, i) => [k, bytes.readInt32LE(4 + 4 * i)]));
    expect(h).toEqual({
      n_vocab: 51865, n_audio_ctx: 1500, n_audio_state: 64, n_audio_head: 2, n_audio_layer: 1,
      n_text_ctx: 64, n_text_state: 64, n_text_head: 2, n_text_layer: 1, n_mels: 80, ftype: 1,
    });
    const filters = 4 + 4 * HPARAM_NAMES.length;
    expect([bytes.readInt32LE(filters), bytes.readInt32LE(filters + 4)]).toEqual([80, 201]);
    expect(bytes.readInt32LE(filters + 8 + 80 * 201 * 4)).toBe(50257);
  });

  it('writes every encoder and decoder tensor with whisper.cpp names and shapes, then ends', () => {
    const names: string[] = [];
    let off = tensorsStart(bytes);
    while (off < bytes.length) {
      const [nDims, nameLen, type] = [bytes.readInt32LE(off), bytes.readInt32LE(off + 4), bytes.readInt32LE(off + 8)];
      const ne = Array.from({ length: nDims }, (_, i) => bytes.readInt32LE(off + 12 + 4 * i));
      const name = bytes.toString('utf8', off + 12 + 4 * nDims, off + 12 + 4 * nDims + nameLen);
      names.push(name);
      const n = ne.reduce((p, v) => p * v, 1);
      off += 12 + 4 * nDims + nameLen + n * (type === 1 ? 2 : 4);
      if (name === 'decoder.token_embedding.weight') expect({ ne, type }).toEqual({ ne: [64, 51865], type: 1 });
      if (name === 'encoder.conv1.weight') expect({ ne, type }).toEqual({ ne: [3, 80, 64], type: 1 });
      if (name === 'encoder.conv1.bias') expect({ ne, type }).toEqual({ ne: [1, 64], type: 0 });
    }
    expect(off).toBe(bytes.length);
    expect(names).toContain('decoder.blocks.0.cross_attn.query.weight');
    expect(names.sort()).toEqual(whisperTensors(model.hparams).map((t) => t.name).sort());
    expect(names).toHaveLength(50);
  });

  it('is about 8 MB, and the same seed gives the same bytes', async () => {
    expect(model.bytes).toBe(bytes.length);
    expect(bytes.length).toBeGreaterThan(7_000_000);
    expect(bytes.length).toBeLessThan(9_000_000);
    const again = await writeTinyModel(join(dir, 'again.bin'), { seed: 7 });
    const other = await writeTinyModel(join(dir, 'other.bin'), { seed: 8 });
    expect(sha1(await readFile(again.path))).toBe(sha1(bytes));
    expect(sha1(await readFile(other.path))).not.toBe(sha1(bytes));
  });

  it('converts to IEEE half precision', () => {
    expect([1, -2, 0.5, 65504, 0.1, 1e-9, 0].map(toHalf)).toEqual([0x3c00, 0xc000, 0x3800, 0x7bff, 0x2e66, 0, 0]);
    expect(toHalf(2 ** -20)).toBe(0x0010); // a subnormal
  });
});

describe('inspectModel', () => {
  it('accepts the generated model, multilingual and English-only', async () => {
    expect(await inspectModel(model.path)).toMatchObject({ multilingual: true, languages: 99, tensors: 50, fileBytes: bytes.length });
    const en = await writeTinyModel(join(dir, 'en.bin'), { multilingual: false });
    expect(await inspectModel(en.path)).toMatchObject({ multilingual: false, languages: 1, tensors: 50 });
  });

  const refuses = async (name: string, content: Buffer, message: RegExp) => {
    const path = join(dir, name);
    await writeFile(path, content);
    const err = await inspectModel(path).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ModelFormatError);
    expect((err as Error).message).toMatch(message);
  };

  it('refuses a file cut anywhere: in the header, the vocabulary, a tensor, or between tensors', async () => {
    const start = tensorsStart(bytes);
    await refuses('empty.bin', Buffer.alloc(0), /not a whisper.cpp model/);
    await refuses('header.bin', bytes.subarray(0, 20), /ends inside the header/);
    await refuses('vocab.bin', bytes.subarray(0, start - 100), /ends inside the vocabulary/);
    // whisper.cpp itself would load this one as an "empty model" with uninitialised weights.
    await refuses('no-tensors.bin', bytes.subarray(0, start), /50 of 50 tensors are missing/);
    await refuses('mid-tensor.bin', bytes.subarray(0, Math.floor(bytes.length * 0.6)), /truncated/);
    await refuses('one-short.bin', bytes.subarray(0, bytes.length - 1), /ends inside the data of tensor/);
  });

  it('refuses files that are not ggml Whisper models, saying what they are', async () => {
    await refuses('noise.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /ggml magic/);
    await refuses('gguf.bin', Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64)]), /GGUF/);
    const badShape = Buffer.from(bytes);
    badShape.writeInt32LE(32, 4 + 4 * 2); // n_audio_state 32 while the tensors are 64 wide
    badShape.writeInt32LE(32, 4 + 4 * 6);
    await refuses('bad-shape.bin', badShape, /has shape \[.*\], expected/);
    const badHeader = Buffer.from(bytes);
    badHeader.writeInt32LE(-5, 4 + 4 * 4); // n_audio_layer
    await refuses('bad-header.bin', badHeader, /impossible values \(n_audio_layer=-5\)/);
  });
});
