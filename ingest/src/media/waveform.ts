/**
 * Waveform peaks for the player, computed from the 16 kHz mono WAV made for transcription (so no
 * second decode of the master). The JSON is the audiowaveform format (version 2, 8 bits, min/max
 * pairs) that peaks.js and similar players read directly.
 *
 * Resolution: 10 pairs per second up to 30 minutes, then fewer (never under 2 per second) so a
 * three-hour interview stays around 20,000 pairs, about 150 KB of JSON.
 */
import { open } from 'node:fs/promises';
import { parseWavHeader } from './wav.js';

export interface WaveformPeaks {
  version: 2;
  channels: 1;
  sample_rate: number;
  samples_per_pixel: number;
  bits: 8;
  length: number;
  /** min, max, min, max … in -128..127. */
  data: number[];
}

const MAX_PAIRS = 18_000;

export function peaksPerSecond(durationSeconds: number): number {
  if (durationSeconds <= 0) return 10;
  return Math.max(2, Math.min(10, Math.floor(MAX_PAIRS / durationSeconds)));
}

/** Reads a 16-bit mono PCM WAV in chunks; memory stays constant whatever the length. */
export async function waveformFromWav(path: string, signal?: AbortSignal): Promise<WaveformPeaks> {
  const file = await open(path, 'r');
  try {
    const headBytes = Buffer.alloc(4096);
    const { bytesRead } = await file.read(headBytes, 0, headBytes.length, 0);
    const header = parseWavHeader(headBytes.subarray(0, bytesRead));
    const fmt = header?.format;
    if (!header?.data || !fmt || fmt.audioFormat !== 1 || fmt.bitsPerSample !== 16 || fmt.channels !== 1) {
      throw new Error(`${path} is not the 16-bit mono PCM WAV the waveform expects`);
    }
    const { size: fileSize } = await file.stat();
    const dataEnd = Math.min(fileSize, header.data.offset + header.data.size);
    const samples = Math.floor((dataEnd - header.data.offset) / 2);
    const perPixel = Math.max(1, Math.round(fmt.sampleRate / peaksPerSecond(samples / fmt.sampleRate)));

    const data: number[] = [];
    let min = 0;
    let max = 0;
    let inPixel = 0;
    const chunk = Buffer.alloc(1 << 20);
    for (let at = header.data.offset; at < dataEnd; ) {
      signal?.throwIfAborted();
      const want = Math.min(chunk.length, dataEnd - at) & ~1;
      if (want === 0) break;
      const { bytesRead: got } = await file.read(chunk, 0, want, at);
      if (got === 0) break;
      at += got;
      for (let i = 0; i + 1 < got; i += 2) {
        const sample = chunk.readInt16LE(i);
        if (inPixel === 0) {
          min = sample;
          max = sample;
        } else if (sample < min) min = sample;
        else if (sample > max) max = sample;
        inPixel += 1;
        if (inPixel === perPixel) {
          data.push(to8(min), to8(max));
          inPixel = 0;
        }
      }
    }
    if (inPixel > 0) data.push(to8(min), to8(max));
    return { version: 2, channels: 1, sample_rate: fmt.sampleRate, samples_per_pixel: perPixel, bits: 8, length: data.length / 2, data };
  } finally {
    await file.close();
  }
}

/** 16-bit to 8-bit, rounding away from zero so quiet speech does not flatten to a line of zeros. */
const to8 = (sample: number) => (sample >= 0 ? Math.min(127, Math.ceil(sample / 256)) : Math.max(-128, Math.floor(sample / 256)));
