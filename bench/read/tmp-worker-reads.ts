import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { connectDatabase } from '../../server/src/db/connect.js';
import { mediaOf, transcriptsOf } from '../../server/src/db/stored-parts.js';
import { startFerretDb, stopChild } from '../../server/dev/services.js';

const N = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'bench-ferretdb-worker-'));
const ferret = await startFerretDb(dir, () => undefined);
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
try {
  const db = await connectDatabase(ferret.uri, `worker_reads_${Date.now()}`);
  const m = db.models;
  const ids: Types.ObjectId[] = [];
  const t0 = process.hrtime.bigint();
  for (let from = 0; from < N; from += 20) {
    const batch = Array.from({ length: Math.min(20, N - from) }, (_, k) => ({ _id: new Types.ObjectId(), title: { en: `Invented ${from + k}` }, accessLevel: 'public', status: 'published', createdBy: new Types.ObjectId(), languages: ['kk'] }));
    await m.Interview.insertMany(batch);
    ids.push(...batch.map((b) => b._id));
    await m.Transcript.insertMany(batch.map((b) => ({ interviewId: b._id, language: 'kk', status: 'approved', source: 'manual', segments: Array.from({ length: 450 }, (_, s) => ({ start: s * 12, end: s * 12 + 11.5, text: `Invented sentence ${s}, ойдан шығарылған сөйлем.` })) })));
    await m.MediaAsset.insertMany(batch.map((b) => ({ interviewId: b._id, kind: 'master', key: `masters/${b._id}/a.wav`, fileName: 'a.wav', contentType: 'audio/wav', size: 10, status: 'ready', createdBy: new Types.ObjectId() })));
  }
  console.log(`wrote ${N} interviews (a transcript of 450 segments and a master each) in ${(ms(t0) / 1000).toFixed(1)} s`);
  const time = async (name: string, times: number, run: (id: Types.ObjectId) => Promise<unknown[]>) => {
    const lat: number[] = [];
    for (let i = 0; i < times; i++) {
      const t = process.hrtime.bigint();
      const found = await run(ids[(i * 37) % ids.length]!);
      if (found.length !== 1) throw new Error(`${name}: ${found.length}`);
      lat.push(ms(t));
    }
    lat.sort((a, b) => a - b);
    console.log(`${name}: median ${lat[Math.floor(lat.length / 2)]!.toFixed(1)} ms over ${times}`);
  };
  // The copy job's restriction source and the scheduler's masters, as they were and as they are.
  await time('before: transcripts by interviewId (restrictionSource)', 3, (id) => m.Transcript.find({ interviewId: id }, { segments: 1 }).lean());
  await time('after: transcripts through the list (transcriptsOf)', 30, (id) => transcriptsOf(m, id));
  await time('before: ready masters by interviewId (copy scheduler)', 3, (id) => m.MediaAsset.find({ interviewId: id, kind: 'master', status: 'ready' }).lean());
  await time('after: media through the list (mediaOf)', 30, (id) => mediaOf(m, id));
  await db.close();
} finally {
  await stopChild(ferret.child);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
