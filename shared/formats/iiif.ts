/**
 * IIIF Presentation 3.0 manifest for one interview (https://iiif.io/api/presentation/3.0/), as
 * Universal Viewer and Mirador show audio and video: one Canvas with the recording's duration, the
 * media painted on it, the transcript as a `supplementing` AnnotationPage (one TextualBody per
 * segment, targeting `canvas#t=start,end`) and the index as `structures` (one Range per chapter).
 */
import type { IndexEntry, InterviewMeta, TranscriptSegment } from './model.js';
import { formatClock, formatSecondsDecimal, toMillis } from './timecode.js';

export type LanguageMap = Record<string, string[]>;

export interface IiifMedia {
  url: string;
  /** MIME type; audio/* paints a Sound, video/* a Video. */
  format: string;
  /** Seconds; becomes the Canvas duration. */
  duration: number;
  width?: number;
  height?: number;
}

export interface BuildIiifOptions {
  /** The URL the manifest is served at; it is the manifest id and the base of every other id. */
  manifestUrl: string;
  meta: InterviewMeta;
  media: IiifMedia;
  transcript: readonly TranscriptSegment[];
  index: readonly IndexEntry[];
  /** BCP 47 tag of the spoken language: transcript bodies and chapter titles are in it. */
  language: string;
  /** Languages of the interface labels ("Narrator", "Date" …); default kk, ru, en. */
  labelLanguages?: readonly string[];
}

// Fixed labels in the archive's three interface languages; a language without a row falls back to en.
const LABELS: Record<string, Record<string, string>> = {
  narrator: { kk: 'Әңгімелеуші', ru: 'Рассказчик', en: 'Narrator' },
  interviewer: { kk: 'Сұхбат алушы', ru: 'Интервьюер', en: 'Interviewer' },
  date: { kk: 'Күні', ru: 'Дата', en: 'Date' },
  language: { kk: 'Тілі', ru: 'Язык', en: 'Language' },
  duration: { kk: 'Ұзақтығы', ru: 'Длительность', en: 'Duration' },
  rights: { kk: 'Пайдалану құқығы', ru: 'Права использования', en: 'Rights' },
  transcript: { kk: 'Транскрипт', ru: 'Транскрипт', en: 'Transcript' },
  index: { kk: 'Мазмұны', ru: 'Содержание', en: 'Index' },
};

// Scripts written right to left among the archive's languages (Uyghur uses the Arabic script).
const RTL = /^(?:ug|ar|fa|ur|he|yi)(?:-|$)|-Arab(?:-|$)/i;

/**
 * IIIF allows `rights` only for Creative Commons and RightsStatements.org URIs, in their http form;
 * anything else stays in `requiredStatement` only.
 */
function rightsUri(uri: string | null | undefined): string | undefined {
  const m = /^https?:\/\/((?:creativecommons\.org\/(?:licenses|publicdomain)|rightsstatements\.org\/vocab)\/.+)$/.exec(
    (uri ?? '').trim(),
  );
  return m ? `http://${m[1]}` : undefined;
}

const fixed = (key: string, languages: readonly string[]): LanguageMap =>
  Object.fromEntries(languages.map((l) => [l, [LABELS[key]?.[l] ?? LABELS[key]!['en']!]]));

/** A value that is not in any language (names, dates) uses IIIF's "none" key. */
const none = (value: string): LanguageMap => ({ none: [value] });

function fragment(start: number, end: number): string {
  return `t=${formatSecondsDecimal(start)},${formatSecondsDecimal(end)}`;
}

export function buildIiifManifest(options: BuildIiifOptions): Record<string, unknown> {
  const { manifestUrl, meta, media, transcript, index, language } = options;
  const labelLanguages = options.labelLanguages ?? ['kk', 'ru', 'en'];
  if (!(media.duration > 0)) throw new RangeError(`media duration must be > 0 seconds, got ${media.duration}`);
  const duration = media.duration;
  const base = manifestUrl.split(/[?#]/, 1)[0]!.replace(/\/manifest(?:\.json)?$|\.json$/, '').replace(/\/$/, '');
  const canvasId = `${base}/canvas/1`;
  const mediaType = media.format.startsWith('video/') ? 'Video' : 'Sound';

  // Times past the end of the media cannot be targeted; a start past it means the wrong recording.
  const within = (what: string, start: number, end: number) => {
    if (toMillis(start) >= toMillis(duration)) {
      throw new RangeError(`${what} starts at ${formatClock(start)}, after the media ends (${formatClock(duration)})`);
    }
    return fragment(start, Math.min(end, duration));
  };

  const label: LanguageMap = { [language]: [meta.title] };
  for (const [lang, title] of Object.entries(meta.titleTranslations ?? {})) label[lang] = [title];

  const metadata: { label: LanguageMap; value: LanguageMap }[] = [];
  const add = (key: string, value: string | null | undefined) => {
    if (value) metadata.push({ label: fixed(key, labelLanguages), value: none(value) });
  };
  meta.narrators.forEach((n) => add('narrator', n));
  meta.interviewers.forEach((n) => add('interviewer', n));
  add('date', meta.date);
  add('language', meta.languages.join(', '));
  add('duration', formatClock(duration, { fraction: '.', alwaysMillis: false }));

  const bodyDirection = RTL.test(language) ? { textDirection: 'rtl' } : {};
  const transcriptPage = {
    id: `${canvasId}/transcript/1`,
    type: 'AnnotationPage',
    label: fixed('transcript', labelLanguages),
    items: transcript.map((s, k) => ({
      id: `${canvasId}/transcript/1/annotation/${k + 1}`,
      type: 'Annotation',
      motivation: 'supplementing',
      body: {
        type: 'TextualBody',
        // A TextualBody has no speaker field; viewers show the value, so the speaker leads it.
        value: s.speaker ? `${s.speaker}: ${s.text}` : s.text,
        format: 'text/plain',
        language,
        ...bodyDirection,
      },
      target: `${canvasId}#${within(`segment ${k + 1}`, s.start, s.end)}`,
    })),
  };

  const sortedIndex = [...index].sort((a, b) => a.start - b.start);
  const structures = sortedIndex.map((entry, k) => {
    const end = entry.end ?? sortedIndex[k + 1]?.start ?? duration;
    return {
      id: `${base}/range/${k + 1}`,
      type: 'Range',
      label: { [language]: [entry.title] },
      ...(entry.synopsis ? { summary: { [language]: [entry.synopsis] } } : {}),
      items: [{ id: `${canvasId}#${within(`index entry ${k + 1}`, entry.start, end)}`, type: 'Canvas' }],
    };
  });

  const rights = rightsUri(meta.rightsUri);
  return {
    '@context': 'http://iiif.io/api/presentation/3/context.json',
    id: manifestUrl,
    type: 'Manifest',
    label,
    ...(meta.summary ? { summary: { [language]: [meta.summary] } } : {}),
    metadata,
    ...(rights ? { rights } : {}),
    ...(meta.rights ? { requiredStatement: { label: fixed('rights', labelLanguages), value: { [language]: [meta.rights] } } } : {}),
    items: [
      {
        id: canvasId,
        type: 'Canvas',
        duration,
        ...(mediaType === 'Video' && media.width && media.height ? { width: media.width, height: media.height } : {}),
        items: [
          {
            id: `${canvasId}/page/1`,
            type: 'AnnotationPage',
            items: [
              {
                id: `${canvasId}/page/1/annotation/1`,
                type: 'Annotation',
                motivation: 'painting',
                body: {
                  id: media.url,
                  type: mediaType,
                  format: media.format,
                  duration,
                  ...(mediaType === 'Video' && media.width && media.height ? { width: media.width, height: media.height } : {}),
                },
                target: canvasId,
              },
            ],
          },
        ],
        ...(transcript.length > 0 ? { annotations: [transcriptPage] } : {}),
      },
    ],
    ...(structures.length > 0 ? { structures } : {}),
  };
}
