import { test } from '@playwright/test';
import { IDS, LANGS, SLUGS } from './support/seed-data.js';

/**
 * Pictures of the key pages in every language, on a phone and on a desktop, for a person to look at
 * (test-results/screenshots/). They assert nothing: the other specs do.
 */
const PAGES = {
  home: '',
  interview: `/interviews/${IDS.publicInterview}?t=101`,
  collection: `/collections/${SLUGS.flagship}`,
  lesson: `/collections/${SLUGS.lesson}`,
  narrator: `/narrators/${IDS.narrator}`,
  interviews: '/interviews',
  'sign-in': '/sign-in',
  search: '/search?q=Almaty',
  'not-found': `/interviews/${IDS.researchInterview}`,
  embed: `/embed/interviews/${IDS.recordedInterview}?t=20&end=40`,
  'embed-whole': `/embed/interviews/${IDS.publicInterview}?t=101`,
};
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  test(`screenshots on a ${device}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
    const page = await context.newPage();
    for (const lang of LANGS) {
      for (const [name, path] of Object.entries(PAGES)) {
        await page.goto(`/${lang}${path}`, { waitUntil: 'networkidle' });
        await page.screenshot({ path: `test-results/screenshots/${device}/${lang}-${name}.png`, fullPage: true });
      }
    }
    await context.close();
  });
}

test('the lesson handout as printed', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 794, height: 1123 } });
  const page = await context.newPage();
  await page.emulateMedia({ media: 'print' });
  for (const lang of LANGS) {
    await page.goto(`/${lang}/collections/${SLUGS.lesson}`, { waitUntil: 'networkidle' });
    await page.screenshot({ path: `test-results/screenshots/print/${lang}-lesson.png`, fullPage: true });
  }
  await context.close();
});
