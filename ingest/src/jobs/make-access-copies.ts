/**
 * 'make-access-copies': from a verified master, the copies people actually play (see
 * media/access-plan.ts for the formats), the waveform peaks, and the 16 kHz WAV for transcription.
 *
 * Regenerable and safe to run twice: the master is only read; each copy goes to a key named after
 * the master (keys.ts) and its record is upserted by that key, so a run after a crash, or a rerun
 * months later, replaces the one set of copies rather than adding another.
 *
 * Audience copies: besides the full copy, one cut per distinct set of passages some audience may
 * not hear (access/withheld.ts, the same rule the API serves by), each under a key named after its
 * fingerprint. A cut's record is written only after its upload completed, and the API serves a copy
 * only when its fingerprint is the current one: a half-made or outdated cut is never played. Cuts no
 * audience needs any more are deleted (record first, so nobody is sent to a vanishing object).
 *
 * Where the 16 kHz WAV lives: in storage, under the temporary `work/` prefix
 * (keys.transcriptionWav), not on this worker's disk. The transcribe job may run on another worker,
 * after this one restarted, or days later when a model is installed; a file in a temp directory
 * would be gone by then. It is not a MediaAsset (nobody plays or downloads it); the transcribe job
 * reads it from the key and may delete it when done, and it can always be made again from here.
 */
import { writeFile } from 'node:fs/promises';
import { CUT_AUDIENCES } from '../../../server/src/access/policy.js';
import { audienceCuts } from '../../../server/src/access/withheld.js';
import { basename, extname, join } from 'node:path';
import type { InterviewDoc } from '../../../server/src/interviews/interview.model.js';
import type { MediaAssetDoc } from '../../../server/src/interviews/media-asset.model.js';
import { keys } from '../../../server/src/storage/keys.js';
import { type AccessOutputs, type CutRequest, CARD_FONT, RESTRICTED_CARD_TEXT, accessPlan } from '../media/access-plan.js';
import { runFfmpeg } from '../media/ffmpeg.js';
import { ffprobe, type MediaProbe } from '../media/ffprobe.js';
import { sha256OfFile, uploadFile, withTempDir } from '../media/object-files.js';
import { waveformFromWav } from '../media/waveform.js';
import { fetchVerifiedMaster, type MediaJobDeps, notAVerifiedMaster } from './media-job.js';
import type { DerivativeRecord } from './media-records.js';
import type { JobContext, JobHandler } from './runner.js';

type Ctx = JobContext<'make-access-copies'>;

interface CopyFile {
  kind: DerivativeRecord['kind'];
  path: string;
  key: string;
  fileName: string;
  contentType: string;
  durationSeconds: number | null;
  probe: MediaProbe | null;
  audience: string;
  restrictionsFingerprint: string;
}

export const makeAccessCopies =
  (deps: MediaJobDeps): JobHandler<'make-access-copies'> =>
  async (ctx) => {
    const master = await deps.records.asset(ctx.payload.mediaAssetId);
    const notReady = notAVerifiedMaster(master);
    if (notReady || !master) return { status: 'skipped', reason: notReady ?? 'no asset' };
    const interview = await deps.records.interview(master.interviewId);
    if (!interview) return { status: 'skipped', reason: 'the interview no longer exists' };
    // A withdrawn interview has no access copies (the API removed them); making new ones would undo that.
    if (interview.release?.withdrawn) return { status: 'skipped', reason: 'the interview is withdrawn' };

    // The cuts the current restrictions call for: one per distinct fingerprint.
    const source = await deps.records.restrictionSource(interview, master);
    const byFingerprint = new Map<string, CutRequest & { audiences: string[] }>();
    for (const cut of audienceCuts(source, CUT_AUDIENCES)) {
      if (cut.fingerprint === 'none') continue;
      const known = byFingerprint.get(cut.fingerprint);
      if (known) known.audiences.push(cut.audience);
      else byFingerprint.set(cut.fingerprint, { fingerprint: cut.fingerprint, ranges: cut.ranges, audiences: [cut.audience] });
    }
    const stored = await deps.records.copiesOf(master);
    const have = (fp: string) => stored.some((c) => c.status === 'ready' && (c.restrictionsFingerprint ?? 'none') === fp && c.kind !== 'waveform');
    // A rerun for changed restrictions keeps a full copy already made (and does not transcribe again).
    const cutsOnly = Boolean(ctx.payload.cutsOnly) && have('none');
    const wanted = [...byFingerprint.values()].filter((c) => !(cutsOnly && have(c.fingerprint)));

    const result = await withTempDir('access', async (dir) => {
      if (cutsOnly && wanted.length === 0) return { copies: [], speechWavKey: null, transcription: 'unchanged', hasAudio: false };
      const { path } = await fetchVerifiedMaster(deps, ctx, master, dir, { from: 0, to: 10 });
      const probe = (master.probe as MediaProbe | null) ?? (await ffprobe(path, { signal: ctx.signal })).summary;
      const cardTextFile = join(dir, 'restricted-card.txt');
      await writeFile(cardTextFile, RESTRICTED_CARD_TEXT);
      const plan = accessPlan(path, probe, dir, { cuts: wanted, cutsOnly, cardTextFile, cardFont: CARD_FONT });
      if (!probe.audio && !probe.video) return null;

      await transcode(ctx, plan.args, probe.durationSeconds);
      ctx.reportProgress(85, 'checking the copies');
      const copies = cutsOnly ? [] : await describeCopies(ctx, master, plan.outputs, dir, { audience: 'full', fingerprint: 'none' });
      for (const cut of plan.cuts) {
        const audiences = byFingerprint.get(cut.fingerprint)!.audiences.join(',');
        copies.push(...(await describeCopies(ctx, master, cut, dir, { audience: audiences, fingerprint: cut.fingerprint })));
      }

      const saved: Record<string, unknown>[] = [];
      for (const [i, copy] of copies.entries()) {
        ctx.reportProgress(88 + (8 * i) / copies.length, `storing the ${copy.kind.replace('_', ' ')} copy (${copy.audience})`);
        // The record comes after the upload: until then no viewer can be sent to this key.
        const size = await uploadFile(deps.storage, copy.key, copy.path, copy.contentType, ctx.signal);
        const { path: file, ...described } = copy;
        const doc = await deps.records.saveDerivative(master, { ...described, size, sha256: await sha256OfFile(file) });
        saved.push({ id: doc._id.toHexString(), kind: copy.kind, key: copy.key, size, durationSeconds: copy.durationSeconds, audience: copy.audience });
      }

      let speechWavKey: string | null = null;
      if (plan.outputs.speechWav) {
        ctx.reportProgress(96, 'storing the 16 kHz WAV for transcription');
        speechWavKey = keys.transcriptionWav(master.interviewId.toHexString(), master._id.toHexString());
        await uploadFile(deps.storage, speechWavKey, plan.outputs.speechWav, 'audio/wav', ctx.signal);
      }
      return { copies: saved, speechWavKey, transcription: null as string | null, hasAudio: speechWavKey !== null };
    });
    if (!result) return { status: 'skipped', reason: 'the master has no audio or video stream' };

    // Cuts no audience is sent to any more: the record goes first, then the object.
    const current = new Set(['none', ...byFingerprint.keys()]);
    const removed = await deps.records.removeCopies(master, (c) => !current.has(c.restrictionsFingerprint ?? 'none'), deps.storage);
    const transcription = cutsOnly ? 'unchanged' : await queueFollowUps(deps, ctx, master, interview, result.hasAudio);
    return { status: 'succeeded', result: { copies: result.copies, speechWavKey: result.speechWavKey, transcription, removed, cuts: [...byFingerprint.values()].map((c) => ({ fingerprint: c.fingerprint, audiences: c.audiences, ranges: c.ranges })) } };
  };

async function transcode(ctx: Ctx, args: string[], durationSeconds: number | null) {
  const total = durationSeconds ? ` of ${clock(durationSeconds)}` : '';
  ctx.reportProgress(10, 'transcoding');
  await runFfmpeg(args, {
    signal: ctx.signal,
    durationSeconds,
    onProgress: ({ percent, outSeconds, speed }) =>
      ctx.reportProgress(10 + 0.75 * (percent ?? 0), `transcoding ${clock(outSeconds)}${total}${speed ? ` (${speed})` : ''}`),
  });
}

/** Each output checked with ffprobe (a copy ffmpeg left empty is an error, retried) and named. */
async function describeCopies(ctx: Ctx, master: MediaAssetDoc, outputs: AccessOutputs, dir: string, cut: { audience: string; fingerprint: string }) {
  const interviewId = master.interviewId.toHexString();
  // A cut's keys carry its fingerprint, so making one never overwrites a copy being served.
  const masterId = cut.fingerprint === 'none' ? master._id.toHexString() : `${master._id.toHexString()}.cut-${cut.fingerprint}`;
  const tag = { audience: cut.audience, restrictionsFingerprint: cut.fingerprint };
  const base = basename(master.fileName, extname(master.fileName)) || 'recording';
  const copies: CopyFile[] = [];
  const check = async (path: string) => {
    const { summary } = await ffprobe(path, { signal: ctx.signal });
    if (!summary.durationSeconds) throw new Error(`ffmpeg wrote an empty copy (${basename(path)}) of ${master.fileName}`);
    return summary;
  };
  if (outputs.video) {
    const probe = await check(outputs.video);
    const key = keys.accessVideo(interviewId, masterId);
    copies.push({ kind: 'access_video', path: outputs.video, key, fileName: `${base}.mp4`, contentType: 'video/mp4', durationSeconds: probe.durationSeconds, probe, ...tag });
  }
  if (outputs.audio) {
    const probe = await check(outputs.audio);
    const key = keys.accessAudio(interviewId, masterId);
    copies.push({ kind: 'access_audio', path: outputs.audio, key, fileName: `${base}.m4a`, contentType: 'audio/mp4', durationSeconds: probe.durationSeconds, probe, ...tag });
  }
  if (outputs.speechWav) {
    ctx.reportProgress(87, 'computing the waveform');
    const peaks = await waveformFromWav(outputs.speechWav, ctx.signal);
    const path = join(dir, `peaks-${cut.fingerprint}.json`);
    await writeFile(path, JSON.stringify(peaks));
    const durationSeconds = Math.round(((peaks.length * peaks.samples_per_pixel) / peaks.sample_rate) * 1000) / 1000;
    const key = keys.waveform(interviewId, masterId);
    copies.push({ kind: 'waveform', path, key, fileName: `${base}.peaks.json`, contentType: 'application/json', durationSeconds, probe: null, ...tag });
  }
  return copies;
}

/**
 * Transcription only when a model is configured (otherwise the result says it waits for one; the
 * WAV stays in storage for when it comes). Search indexing every time: the dedupe key names this
 * job, so a run finished by a second worker indexes once, and a later regeneration indexes again.
 */
async function queueFollowUps(deps: MediaJobDeps, ctx: Ctx, master: MediaAssetDoc, interview: InterviewDoc, hasAudio: boolean) {
  const interviewId = interview._id.toHexString();
  const masterId = master._id.toHexString();
  let transcription: string;
  if (!hasAudio) transcription = 'nothing to transcribe: the master has no audio';
  else if (!deps.config.whisperModel) transcription = 'waiting for a model: WHISPER_MODEL is not set on the worker';
  else {
    const language = interview.languages[0] ?? null;
    const { created } = await deps.queue.enqueue(
      'transcribe',
      { interviewId, mediaAssetId: masterId, language },
      { interviewId, dedupeKey: `transcribe:${masterId}` },
    );
    transcription = `${created ? 'queued' : 'already queued'} (language: ${language ?? 'detect'})`;
  }
  await deps.queue.enqueue('index-interview', { interviewId }, { interviewId, dedupeKey: `index-interview:${interviewId}:access-copies:${ctx.job.id}` });
  return transcription;
}

/** 75.5 → "1:15"; 3725 → "1:02:05". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
