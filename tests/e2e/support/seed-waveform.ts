/**
 * A published public interview with a playable recording and its waveform, for the waveform tests
 * (the main seed's interview has no recording on purpose: its page shows "being prepared"). The
 * recording is a WAV made here; the peaks come from the worker's own code (waveformFromWav).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { AccessLevel } from '../../../server/src/access/levels.js';
import type { Models } from '../../../server/src/db/models.js';
import { keys } from '../../../server/src/storage/keys.js';
import type { Storage } from '../../../server/src/storage/storage.js';
import { waveformFromWav } from '../../../ingest/src/media/waveform.js';
import { WAVEFORM } from './seed-data-waveform.js';

const RATE = 16_000;

/** A tone whose loudness rises and falls like phrases of speech, with quiet gaps between them. */
export function phrasesWav(seconds: number): Buffer {
  const samples = seconds * RATE;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(RATE, 24);
  wav.writeUInt32LE(RATE * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const t = i / RATE;
    const phrase = Math.max(0, Math.sin((2 * Math.PI * t) / 3.7)) * (0.55 + 0.45 * Math.sin(t * 1.3));
    wav.writeInt16LE(Math.round(phrase * 20_000 * Math.sin(2 * Math.PI * 220 * t)), 44 + i * 2);
  }
  return wav;
}

export async function seedWaveform(models: Models, storage: Storage, createdBy: Types.ObjectId) {
  const interviewId = new Types.ObjectId(WAVEFORM.interview);
  const masterId = new Types.ObjectId(WAVEFORM.master);
  await models.Interview.create({
    _id: interviewId,
    title: WAVEFORM.title,
    summary: {
      kk: 'Толқын пішінін тексеруге арналған синтезделген дыбысы бар ойдан құрастырылған сұхбат.',
      ru: 'Вымышленное интервью с синтезированным тоном для проверки волновой формы.',
      en: 'An invented interview with a synthetic tone, to test the waveform.',
    },
    languages: ['ru'],
    durationSeconds: WAVEFORM.seconds,
    createdBy,
    status: 'published',
    accessLevel: AccessLevel.public,
    release: { permits: AccessLevel.public, withdrawn: false, signedOn: new Date('2025-05-14T00:00:00Z') },
  });

  const wav = phrasesWav(WAVEFORM.seconds);
  const dir = await mkdtemp(join(tmpdir(), 'e2e-waveform-'));
  let peaks: string;
  try {
    await writeFile(join(dir, 'speech.wav'), wav);
    peaks = JSON.stringify(await waveformFromWav(join(dir, 'speech.wav')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const audioKey = keys.accessAudio(WAVEFORM.interview, WAVEFORM.master);
  const peaksKey = keys.waveform(WAVEFORM.interview, WAVEFORM.master);
  await storage.put(audioKey, wav, 'audio/wav');
  await storage.put(peaksKey, peaks, 'application/json');
  const sha256 = (body: Buffer | string) => createHash('sha256').update(body).digest('hex');
  const common = { interviewId, status: 'ready' as const, derivedFromId: masterId, createdBy, durationSeconds: WAVEFORM.seconds };
  await models.MediaAsset.create({ ...common, kind: 'access_audio', key: audioKey, fileName: 'tone.wav', contentType: 'audio/wav', size: wav.length, sha256: sha256(wav) });
  await models.MediaAsset.create({
    ...common, kind: 'waveform', key: peaksKey, fileName: 'tone.peaks.json', contentType: 'application/json', size: Buffer.byteLength(peaks), sha256: sha256(peaks),
  });
}
