/**
 * Reads just enough of a WAV header to check it is what Whisper needs (16 kHz, mono, 16-bit PCM:
 * what `ffmpeg -ar 16000 -ac 1 -c:a pcm_s16le` writes) and how long it is. whisper.cpp would
 * silently resample or downmix anything else it can decode; checking first means a wrong access
 * copy is reported as such instead of producing a transcript with shifted times.
 */
import { open } from 'node:fs/promises';

export const WHISPER_SAMPLE_RATE = 16000;

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Seconds of audio in the data chunk. */
  duration: number;
}

export class WavFormatError extends Error {
  override readonly name = 'WavFormatError';
}

const PCM = 1;
const EXTENSIBLE = 0xfffe;

/** Throws WavFormatError when the file is not a 16 kHz mono 16-bit PCM WAV. */
export async function readWavInfo(path: string): Promise<WavInfo> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    // Headers sit in the first few hundred bytes; ffmpeg may add a LIST chunk before "data".
    const head = Buffer.alloc(Math.min(size, 65536));
    await fh.read(head, 0, head.length, 0);
    if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') {
      throw new WavFormatError('it is not a WAV file (no RIFF/WAVE header)');
    }
    let fmt: Omit<WavInfo, 'duration'> & { format: number } | undefined;
    let off = 12;
    while (off + 8 <= head.length) {
      const id = head.toString('latin1', off, off + 4);
      const len = head.readUInt32LE(off + 4);
      const body = off + 8;
      if (id === 'fmt ' && body + 16 <= head.length) {
        let format = head.readUInt16LE(body);
        // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
        if (format === EXTENSIBLE && len >= 26 && body + 26 <= head.length) format = head.readUInt16LE(body + 24);
        fmt = { format, channels: head.readUInt16LE(body + 2), sampleRate: head.readUInt32LE(body + 4), bitsPerSample: head.readUInt16LE(body + 14) };
      } else if (id === 'data') {
        if (!fmt) throw new WavFormatError('its "data" chunk comes before the "fmt " chunk');
        if (fmt.format !== PCM || fmt.bitsPerSample !== 16 || fmt.channels !== 1 || fmt.sampleRate !== WHISPER_SAMPLE_RATE) {
          throw new WavFormatError(
            `it is ${fmt.sampleRate} Hz, ${fmt.channels} channel(s), ${fmt.format === PCM ? `${fmt.bitsPerSample}-bit PCM` : `format ${fmt.format}`}; ` +
              'Whisper needs 16000 Hz, 1 channel, 16-bit PCM (ffmpeg -ar 16000 -ac 1 -c:a pcm_s16le)',
          );
        }
        // A WAV written to a pipe has no size (0xFFFFFFFF or 0): the data then runs to the end of the file.
        const bytes = len === 0xffffffff || len === 0 || body + len > size ? size - body : len;
        return { ...fmt, duration: bytes / (2 * WHISPER_SAMPLE_RATE) };
      }
      off = body + len + (len % 2); // chunks are padded to an even length
    }
    throw new WavFormatError('it has no audio ("data" chunk) in its first 64 KiB');
  } finally {
    await fh.close();
  }
}
