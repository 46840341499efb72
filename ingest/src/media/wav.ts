/**
 * Just enough of the RIFF/WAVE layout for two jobs: telling a WAV that was cut off during copying
 * (its header promises more bytes than arrived, which ffprobe only hints at) and finding the samples
 * of the 16 kHz WAV we write ourselves, for the waveform peaks.
 */

export interface WavHeader {
  /** The size the RIFF header promises for the whole file. */
  declaredFileSize: number;
  format: { audioFormat: number; channels: number; sampleRate: number; bitsPerSample: number } | null;
  /** Where the samples start and how many bytes the header says there are; null if not in `bytes`. */
  data: { offset: number; size: number } | null;
}

const ascii = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

/** Null when `bytes` do not start a RIFF/WAVE file (RF64, the >4 GiB variant, is not parsed). */
export function parseWavHeader(bytes: Uint8Array): WavHeader | null {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header: WavHeader = { declaredFileSize: view.getUint32(4, true) + 8, format: null, data: null };
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 24 <= bytes.length) {
      header.format = {
        audioFormat: view.getUint16(at + 8, true),
        channels: view.getUint16(at + 10, true),
        sampleRate: view.getUint32(at + 12, true),
        bitsPerSample: view.getUint16(at + 22, true),
      };
    } else if (id === 'data') {
      header.data = { offset: at + 8, size };
      break;
    }
    // Chunks are padded to an even length.
    at += 8 + size + (size % 2);
  }
  return header;
}

/**
 * Why a WAV looks cut off, in words for the uploader, or null. Recorders that were switched off
 * mid-take leave 0 or 0xFFFFFFFF sizes: those are not judged here (ffprobe still reads such files).
 */
export function wavTruncation(head: Uint8Array, actualSize: number): string | null {
  const header = parseWavHeader(head);
  if (!header) return null;
  const unknown = (n: number) => n <= 8 || n >= 0xffffffff;
  const promised = header.data && !unknown(header.data.size) ? header.data.offset + header.data.size : header.declaredFileSize;
  if (unknown(header.declaredFileSize) || promised <= actualSize) return null;
  const missing = promised - actualSize;
  const percent = Math.round((actualSize / promised) * 100);
  return (
    `The WAV file is incomplete: its header promises ${promised.toLocaleString('en')} bytes but only ` +
    `${actualSize.toLocaleString('en')} arrived (${percent}%, ${missing.toLocaleString('en')} bytes missing). ` +
    'It was probably cut off while copying; copy it again from the recorder and upload it again.'
  );
}
