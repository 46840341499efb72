/**
 * The interview page sends the browser the segments of the transcript it shows, and only those
 * (issue 11): the other transcripts are named (to switch to them) but their text stays on the server,
 * in the page's HTML and in the data SvelteKit hydrates it with, and in what a client-side
 * navigation fetches (`__data.json`).
 */
import { expect, test } from '@playwright/test';
import { IDS, RECORDED_SEGMENTS, RECORDED_SEGMENTS_KK } from './support/seed-data.js';

const PAGE = `/en/interviews/${IDS.recordedInterview}`;

const occurrences = (body: string, text: string) => body.split(text).length - 1;

for (const [lang, shown, other] of [
  ['ru', RECORDED_SEGMENTS, RECORDED_SEGMENTS_KK],
  ['kk', RECORDED_SEGMENTS_KK, RECORDED_SEGMENTS],
] as const) {
  test(`with the ${lang} transcript shown, the page and its data carry its segments once and no other transcript's`, async ({ request }) => {
    for (const path of [`${PAGE}?transcript=${lang}`, `${PAGE}/__data.json?transcript=${lang}`]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      const body = await res.text();
      for (const [, , , text] of other) expect(body, path).not.toContain(text);
      if (path.includes('__data.json')) {
        // The data holds each shown segment once (not once for the interview and once for the transcript).
        for (const [, , , text] of shown) expect(occurrences(body, text), text).toBe(1);
      } else {
        for (const [, , , text] of shown) expect(body, path).toContain(text);
      }
    }
  });
}
