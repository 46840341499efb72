/**
 * A snippet as alternating plain and matched runs. The API returns the text and the offsets of the
 * matched words, never HTML: the page renders each run as text inside or outside <mark>, so nothing
 * in a transcript can ever become markup.
 */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

export function snippetParts(text: string, highlights: readonly { start: number; end: number }[]): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const { start, end } of [...highlights].sort((a, b) => a.start - b.start)) {
    // Offsets out of order, overlapping or outside the text are skipped rather than trusted.
    if (start < at || end <= start || end > text.length) continue;
    if (start > at) parts.push({ text: text.slice(at, start), mark: false });
    parts.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}
