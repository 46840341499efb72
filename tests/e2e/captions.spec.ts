/**
 * Each page's captions track carries the transcript of its label's language: the track names its
 * language in its URL, and what that URL serves is the transcript the page shows (issue 10: a track
 * labelled Kazakh once carried the Russian text, since it asked for transcript.vtt without a language).
 */
import { expect, test, type Page } from '@playwright/test';
import { IDS, RECORDED_SEGMENTS, RECORDED_SEGMENTS_KK } from './support/seed-data.js';

const LABELS = { ru: 'Russian', kk: 'Kazakh' } as const;
const PAGES = {
  interview: `/en/interviews/${IDS.recordedInterview}`,
  embed: `/en/embed/interviews/${IDS.recordedInterview}`,
};

async function track(page: Page) {
  const el = page.locator('audio track[kind="captions"]');
  await expect(el).toHaveCount(1);
  return { src: (await el.getAttribute('src'))!, srclang: await el.getAttribute('srclang'), label: await el.getAttribute('label') };
}

for (const [name, path] of Object.entries(PAGES)) {
  for (const [asked, lang, segments] of [
    [null, 'ru', RECORDED_SEGMENTS],
    ['kk', 'kk', RECORDED_SEGMENTS_KK],
    ['ru', 'ru', RECORDED_SEGMENTS],
  ] as const) {
    test(`the ${name} page's captions ${asked ? `for ?transcript=${asked}` : 'by default'} are in the language they are labelled with`, async ({ page }) => {
      await page.goto(asked ? `${path}?transcript=${asked}` : path);
      const { src, srclang, label } = await track(page);
      expect(srclang).toBe(lang);
      expect(label).toBe(LABELS[lang]);
      expect(new URL(src, 'http://x').searchParams.get('lang')).toBe(lang);
      // The page shows the same transcript as text.
      await expect(page.locator(`.panel[lang="${lang}"]`)).toBeVisible();
      const vtt = await page.request.get(src);
      expect(vtt.status()).toBe(200);
      const body = await vtt.text();
      for (const [, , , text] of segments) expect(body).toContain(text);
      const other = lang === 'kk' ? RECORDED_SEGMENTS : RECORDED_SEGMENTS_KK;
      expect(body).not.toContain(other[1]![3]);
    });
  }
}
