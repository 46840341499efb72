import { test, type Browser } from '@playwright/test';
import { IDS, JOURNEY_IDS, LANGS, PARTS_IDS, SLUGS, STAFF, STUDIO_IDS } from './support/seed-data.js';
import { signIn } from './support/studio.js';

/**
 * Pictures of the key pages in every language, on a phone and on a desktop, for a person to look at
 * (test-results/screenshots/). They assert nothing: the other specs do.
 */
const PAGES = {
  home: '',
  interview: `/interviews/${IDS.publicInterview}?t=101`,
  'interview-with-recording': `/interviews/${JOURNEY_IDS.interview}`,
  collection: `/collections/${SLUGS.flagship}`,
  lesson: `/collections/${SLUGS.lesson}`,
  narrator: `/narrators/${IDS.narrator}`,
  browse: '/browse',
  interviews: '/interviews',
  collections: '/collections',
  'sign-in': '/sign-in',
  search: '/search?q=Almaty',
  'not-found': `/interviews/${IDS.missingInterview}`,
  withheld: `/interviews/${IDS.researchInterview}`,
  'withheld-parts': `/interviews/${PARTS_IDS.interview}`,
  embed: `/embed/interviews/${IDS.recordedInterview}?t=20&end=40`,
  'embed-whole': `/embed/interviews/${IDS.publicInterview}?t=101`,
};
/** The studio, as an editor sees it (the admin page as an admin). */
const STUDIO_PAGES = {
  'studio-dashboard': '/studio',
  'studio-new-interview': '/studio/interviews/new',
  'studio-interview-upload': `/studio/interviews/${STUDIO_IDS.researcherDraft}`,
  'studio-index': `/studio/interviews/${JOURNEY_IDS.interview}/index`,
  'studio-transcript-editor': `/studio/transcripts/${JOURNEY_IDS.transcript}`,
  'studio-collections': '/studio/collections',
  'studio-collection-builder': `/studio/collections/${IDS.lesson}`,
};
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

async function shoot(browser: Browser, device: string, viewport: { width: number; height: number }, pages: Record<string, string>, who?: (typeof STAFF)[keyof typeof STAFF]) {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  const page = await context.newPage();
  if (who) await signIn(page, who);
  for (const lang of LANGS) {
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(`/${lang}${path}`, { waitUntil: 'networkidle' });
      await page.screenshot({ path: `test-results/screenshots/${device}/${lang}-${name}.png`, fullPage: true });
    }
  }
  await context.close();
}

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  test(`screenshots on a ${device}`, async ({ browser }) => {
    test.setTimeout(180_000);
    await shoot(browser, device, viewport, PAGES);
  });

  test(`studio screenshots on a ${device}`, async ({ browser }) => {
    test.setTimeout(180_000);
    await shoot(browser, device, viewport, STUDIO_PAGES, STAFF.editor);
    await shoot(browser, device, viewport, { 'studio-admin': '/studio/admin' }, STAFF.admin);
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
