/**
 * 'transcribe': the 16 kHz WAV that make-access-copies left in storage → whisper.cpp in the interview's
 * language (never translated) → an automatic draft transcript. A person's transcript (corrected or
 * approved) is never overwritten: saveAutomaticDraft keeps it and says so. When the interview's
 * language is known and a person's transcript in it is there already, whisper does not run at all:
 * its draft would be kept out anyway, and on an hour of audio that is CPU-hours for nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import type { Models } from '../../../server/src/db/models.js';
import { transcriptsOf } from '../../../server/src/db/stored-parts.js';
import { keys } from '../../../server/src/storage/keys.js';
import type { TranscriptService } from '../../../server/src/transcripts/transcript.service.js';
import { downloadObject } from '../media/object-files.js';
import { TranscriptionError, isWhisperLanguage, type Transcriber } from '../transcription/transcriber.js';
import type { MediaJobDeps } from './media-job.js';
import { type JobHandler, PermanentJobError } from './runner.js';

/** Whisper segments can be empty or have end == start; the transcript model wants text and end > start. */
export function draftSegments(segments: readonly { start: number; end: number; text: string }[]) {
  return segments
    .map((s) => ({ start: s.start, end: Math.max(s.end, s.start + 0.01), text: s.text.trim() }))
    .filter((s) => s.text !== '');
}

/** Names the recognizer should spell the archive's way: places, peoples and narrators of this interview. */
async function initialPrompt(models: Models, interviewId: Types.ObjectId, language: string | null): Promise<string> {
  const interview = await models.Interview.findById(interviewId, { tagIds: 1, placeTermId: 1, narratorIds: 1 }).lean();
  if (!interview) return '';
  const termIds = [...interview.tagIds, ...(interview.placeTermId ? [interview.placeTermId] : [])];
  const [terms, narrators] = await Promise.all([
    models.VocabularyTerm.find({ _id: { $in: termIds }, kind: { $in: ['place', 'ethnic_group'] } }, { labels: 1 }).lean(),
    models.Narrator.find({ _id: { $in: interview.narratorIds } }, { names: 1 }).lean(),
  ]);
  const lang = (language ?? 'kk') as 'kk' | 'ru' | 'en';
  const names = [
    ...terms.map((t) => t.labels[lang] ?? t.labels.en ?? ''),
    ...narrators.flatMap((n) => n.names.filter((v) => !v.lang || v.lang === language).map((v) => v.value)),
  ].filter(Boolean);
  // Whisper reads only the last ~224 tokens of a prompt; a short list of names is what helps.
  return [...new Set(names)].join(', ').slice(0, 400);
}

export function transcribe(deps: MediaJobDeps & { models: Models; transcripts: TranscriptService; transcriber: Transcriber }): JobHandler<'transcribe'> {
  return async (ctx) => {
    const { interviewId, mediaAssetId, language } = ctx.payload;
    const interviewOid = new Types.ObjectId(interviewId);
    const wavKey = keys.transcriptionWav(interviewId, mediaAssetId);
    if (language && (await transcriptsOf(deps.models, interviewOid)).some((t) => t.language === language && t.status !== 'automatic')) {
      await deps.storage.delete(wavKey);
      return { status: 'succeeded', result: { language, segments: 0, draft: 'kept' } };
    }
    if (!(await deps.storage.head(wavKey))) {
      throw new PermanentJobError('The 16 kHz WAV for transcription is missing; run "make access copies" again for this recording');
    }
    const dir = await mkdtemp(join(tmpdir(), 'archive-transcribe-'));
    try {
      ctx.reportProgress(2, 'fetching the audio');
      const wav = join(dir, 'speech.16k.wav');
      await downloadObject(deps.storage, wavKey, wav, { signal: ctx.signal });
      if (language && !isWhisperLanguage(language)) {
        throw new PermanentJobError(`Whisper cannot transcribe "${language}"; set the interview's language to one it knows, or import a transcript`);
      }
      const spoken = language && isWhisperLanguage(language) ? language : 'auto';
      const prompt = await initialPrompt(deps.models, interviewOid, language);
      ctx.reportProgress(5, `transcribing (${language ?? 'detecting the language'})`);
      const result = await deps.transcriber
        .transcribe(wav, {
          language: spoken,
          initialPrompt: prompt || undefined,
          signal: ctx.signal,
          onProgress: (pct) => ctx.reportProgress(5 + pct * 0.9, 'transcribing'),
        })
        .catch((err: unknown) => {
          // A missing or broken model, an unsupported language: no retry fixes them, the step shows why.
          if (err instanceof TranscriptionError && !err.retryable) throw new PermanentJobError(err.message);
          throw err;
        });
      const segments = draftSegments(result.segments);
      const saved = await deps.transcripts.saveAutomaticDraft(interviewId, result.language, segments);
      await deps.queue.enqueue('index-interview', { interviewId }, { interviewId, dedupeKey: `index-interview:${interviewId}:transcribe:${ctx.job.id}:${ctx.job.attempt}` });
      await deps.storage.delete(wavKey);
      return {
        status: 'succeeded',
        result: { language: result.language, segments: segments.length, draft: saved.outcome },
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
