/** A PCM WAV: the 44-byte header for mono `bits`-bit samples at `rate`, then `dataSize` bytes of zeros. */
export function pcmWav(dataSize: number, rate: number, bits: 8 | 16): Buffer {
  const block = bits / 8;
  const b = Buffer.alloc(44 + dataSize);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + dataSize, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16); // fmt chunk size
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * block, 28); // bytes per second
  b.writeUInt16LE(block, 32); // block align
  b.writeUInt16LE(bits, 34); // bits per sample (8-bit is unsigned)
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(dataSize, 40);
  return b;
}

/**
 * A recording the browser can really play, made in memory: a quiet tone as an 8 kHz, 8-bit mono WAV
 * (about 8 KB a second). The embed tests play it; nothing depends on what it sounds like.
 */
export function toneWav(seconds: number, frequency = 440): Buffer {
  const rate = 8000;
  const samples = Math.round(seconds * rate);
  const b = pcmWav(samples, rate, 8);
  for (let i = 0; i < samples; i++) b[44 + i] = 128 + Math.round(20 * Math.sin((2 * Math.PI * frequency * i) / rate));
  return b;
}
