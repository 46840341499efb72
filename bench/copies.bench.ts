/**
 * `copies`: what cutting audience copies costs. The same master through the worker's own ffmpeg
 * plan twice in one run: the plain access copies (full audio + 16 kHz WAV), then the same with three
 * audience cuts (public, education, research, each with passages silenced) added to that one decode.
 * Then the cuts alone (cutsOnly, what the job runs after a restriction changed). Reported per hour of
 * audio; `ratio` is the audience copies alone against the plain access copy (the figure),
 * `oneRunRatio` the first upload's whole run with cuts against the same run without them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { accessPlan, type CutRequest } from '../ingest/src/media/access-plan.js';
import { runFfmpeg } from '../ingest/src/media/ffmpeg.js';
import { ffprobe } from '../ingest/src/media/ffprobe.js';

const sh = promisify(execFile);
export const section = 'copies';

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export async function run_(quick: boolean) {
  const minutes = quick ? 3 : 20;
  const seconds = minutes * 60;
  const dir = await mkdtemp(join(tmpdir(), 'bench-copies-'));
  try {
    const master = join(dir, 'master.wav');
    // Speech-like enough for an encoder: a tone with noise, mono 48 kHz, like a field recorder.
    await sh('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=220:duration=${seconds}:sample_rate=48000`,
      '-f', 'lavfi', '-i', `anoisesrc=d=${seconds}:c=pink:r=48000:a=0.05`, '-filter_complex', 'amix=inputs=2', '-ac', '1', master]);
    const probe = (await ffprobe(master)).summary;
    // A restricted passage of 45 s every ten minutes (every three in --quick), at three levels: three
    // distinct cuts, none empty (an empty cut is no cut: the job never asks ffmpeg for one).
    const period = Math.min(600, seconds);
    const every = (at: number) =>
      Array.from({ length: Math.ceil(seconds / period) }, (_, i) => ({ start: i * period + at * period, end: i * period + at * period + 45 })).filter((r) => r.end <= seconds);
    const a = every(0.1);
    const b = every(0.33);
    const c = every(0.66);
    const cuts: CutRequest[] = [
      { fingerprint: 'public', ranges: [...a, ...b, ...c].sort((x, y) => x.start - y.start) },
      { fingerprint: 'education', ranges: [...b, ...c].sort((x, y) => x.start - y.start) },
      { fingerprint: 'research', ranges: c },
    ];
    const plain = await timed(() => runFfmpeg(accessPlan(master, probe, join(dir), {}).args));
    const withCuts = await timed(() => runFfmpeg(accessPlan(master, probe, join(dir), { cuts }).args));
    const cutsAlone = await timed(() => runFfmpeg(accessPlan(master, probe, join(dir), { cuts, cutsOnly: true }).args));
    const perHour = (s: number) => Math.round((s * 3600) / seconds * 10) / 10;
    const result = {
      audioMinutes: minutes,
      cuts: cuts.length,
      plainSecondsPerHourOfAudio: perHour(plain),
      audienceCopiesAloneSecondsPerHourOfAudio: perHour(cutsAlone),
      withAudienceCopiesSecondsPerHourOfAudio: perHour(withCuts),
      ratio: Math.round((cutsAlone / plain) * 100) / 100,
      oneRunRatio: Math.round((withCuts / plain) * 100) / 100,
    };
    console.table(result);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const run = ({ quick }: { quick: boolean }) => run_(quick);
