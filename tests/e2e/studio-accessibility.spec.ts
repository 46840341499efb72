import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { IDS, LANGS, STAFF, STUDIO_IDS } from './support/seed-data.js';
import { signIn } from './support/studio.js';

/** The studio pages, as an editor sees them (admin page as the admin); axe, then a picture to look at. */
const PAGES = {
  dashboard: '/studio',
  'new-interview': '/studio/interviews/new',
  interview: `/studio/interviews/${STUDIO_IDS.inReview}`,
  chapters: `/studio/interviews/${IDS.publicInterview}/index`,
  transcript: `/studio/transcripts/${IDS.transcript}`,
  collections: '/studio/collections',
  collection: `/studio/collections/${IDS.flagship}`,
  narrators: '/studio/narrators',
  narrator: `/studio/narrators/${IDS.narrator}`,
};
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

for (const lang of LANGS) {
  test(`studio pages (${lang}) have no accessibility violations`, async ({ browser }) => {
    // A dozen studio pages, each analysed by axe and photographed: over a minute on a loaded machine.
    test.setTimeout(180_000);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await signIn(page, STAFF.editor, lang);
    const problems: string[] = [];
    const check = async (name: string) => {
      const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      problems.push(...violations.map((v) => `${name}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
      await page.screenshot({ path: `test-results/screenshots/studio/${lang}-${name}.png`, fullPage: true });
    };
    for (const [name, path] of Object.entries(PAGES)) {
      await page.goto(`/${lang}${path}`, { waitUntil: 'networkidle' });
      await check(name);
    }
    await context.close();

    const admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(admin, STAFF.admin, lang);
    await admin.goto(`/${lang}/studio/admin`);
    const { violations } = await new AxeBuilder({ page: admin }).withTags(TAGS).analyze();
    problems.push(...violations.map((v) => `admin: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    await admin.screenshot({ path: `test-results/screenshots/studio/${lang}-admin.png`, fullPage: true });
    await admin.context().close();
    expect(problems).toEqual([]);
  });
}
