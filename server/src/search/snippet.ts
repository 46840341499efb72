/**
 * Snippets: a window of the document's text around the first matched word, with the matched words
 * as ranges (the web marks them with <mark>; snippetHtml does it here, escaping the text).
 */
import { tokenize } from './normalize.js';
import type { Snippet } from './types.js';

const WINDOW = 180;

export function makeSnippet(text: string, isMatch: (key: string) => boolean, window = WINDOW): Snippet {
  const tokens = tokenize(text);
  const matched = tokens.filter((t) => isMatch(t.key));
  const first = matched[0];
  let from = 0;
  if (first && first.end > window) {
    // Start a little before the first match, at a word boundary.
    const anchor = Math.max(0, first.start - Math.floor(window / 3));
    from = tokens.find((t) => t.start >= anchor)?.start ?? first.start;
  }
  let to = Math.min(text.length, from + window);
  if (to < text.length) {
    const last = tokens.filter((t) => t.end <= to).pop();
    if (last && last.end > from) to = last.end;
  }
  const prefix = from > 0 ? '… ' : '';
  const suffix = to < text.length ? ' …' : '';
  const highlights: Array<[number, number]> = matched
    .filter((t) => t.start >= from && t.end <= to)
    .map((t) => [t.start - from + prefix.length, t.end - from + prefix.length]);
  return { text: prefix + text.slice(from, to) + suffix, highlights };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function snippetHtml(snippet: Snippet): string {
  let html = '';
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    html += escapeHtml(snippet.text.slice(at, start)) + '<mark>' + escapeHtml(snippet.text.slice(start, end)) + '</mark>';
    at = end;
  }
  return html + escapeHtml(snippet.text.slice(at));
}
