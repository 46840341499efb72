import type { Locale } from '$lib/paraglide/runtime.js';
import { isoDuration } from '$lib/format.js';
import { text, type LocalizedText } from '$lib/localized.js';

interface Input {
  url: string;
  lang: Locale;
  media: { src: string; kind: 'audio' | 'video' } | null;
  /** The captions of the transcript shown, in its language; null when there is none. */
  captionsUrl: string | null;
  interview: {
    id: string;
    title: LocalizedText;
    summary: LocalizedText;
    durationSeconds?: number | null;
    languages: readonly string[];
    recordedOn?: string | null;
    place?: string | null;
    updatedAt: string;
    interviewers: readonly { name: string }[];
    narrators: readonly { displayName: LocalizedText; birthYear?: number | null }[];
    tags: readonly { labels: LocalizedText }[];
    indexSegments: readonly { start: number; end?: number | null; title: LocalizedText; keywords: readonly string[] }[];
  };
}

/**
 * schema.org for the interview page: the testimony as a CreativeWork, its recording as an AudioObject
 * or VideoObject encoding it, chapters as Clips. Returned as a string safe inside <script>.
 */
export function interviewJsonLd({ url, lang, media, captionsUrl, interview }: Input): string {
  const work = `${url}#interview`;
  const graph = [
    {
      '@type': 'CreativeWork',
      '@id': work,
      url,
      name: text(interview.title, lang),
      description: text(interview.summary, lang) || undefined,
      genre: 'oral history interview',
      inLanguage: interview.languages,
      dateCreated: interview.recordedOn ?? undefined,
      dateModified: interview.updatedAt,
      locationCreated: interview.place ? { '@type': 'Place', name: interview.place } : undefined,
      author: interview.narrators.map((n) => ({ '@type': 'Person', name: text(n.displayName, lang), birthDate: n.birthYear ? String(n.birthYear) : undefined })),
      contributor: interview.interviewers.map((i) => ({ '@type': 'Person', name: i.name })),
      about: interview.tags.map((t) => ({ '@type': 'Thing', name: text(t.labels, lang) })),
      keywords: [...new Set(interview.indexSegments.flatMap((s) => s.keywords))].join(', ') || undefined,
    },
    {
      '@type': media?.kind === 'video' ? 'VideoObject' : 'AudioObject',
      '@id': `${url}#recording`,
      name: text(interview.title, lang),
      encodesCreativeWork: { '@id': work },
      duration: interview.durationSeconds ? isoDuration(interview.durationSeconds) : undefined,
      contentUrl: media?.src,
      caption: captionsUrl ? { '@type': 'MediaObject', contentUrl: new URL(captionsUrl, url).href, encodingFormat: 'text/vtt' } : undefined,
      inLanguage: interview.languages,
      hasPart: interview.indexSegments.map((s) => ({
        '@type': 'Clip',
        name: text(s.title, lang),
        startOffset: Math.floor(s.start),
        endOffset: s.end != null ? Math.ceil(s.end) : undefined,
        url: `${url}?t=${Math.floor(s.start)}`,
      })),
    },
  ];
  // "<" escaped so no text in the data can close the script element.
  return JSON.stringify({ '@context': 'https://schema.org', '@graph': graph }).replace(/</g, '\\u003c');
}
