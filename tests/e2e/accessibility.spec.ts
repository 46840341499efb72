import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { CLASS_TOKEN, IDS, LANGS, PARTS_IDS, SLUGS } from './support/seed-data.js';

const PAGES = {
  home: '',
  interview: `/interviews/${IDS.publicInterview}`,
  // Passages and chapters withheld from the visitor, marked in place with their request links.
  'interview-withheld-parts': `/interviews/${PARTS_IDS.interview}`,
  collection: `/collections/${SLUGS.flagship}`,
  lesson: `/collections/${SLUGS.lesson}`,
  browse: '/browse',
  interviews: '/interviews',
  narrator: `/narrators/${IDS.narrator}`,
  'sign-in': '/sign-in',
  class: `/class/${CLASS_TOKEN}`,
  search: '/search?q=Almaty',
  'search-none': '/search?q=Qazaqstan&language=ru',
  'not-found': `/interviews/${IDS.missingInterview}`,
  // The embeddable player, playing a range, and its "not found" (a restricted interview).
  embed: `/embed/interviews/${IDS.recordedInterview}?t=20&end=40`,
  'embed-not-found': `/embed/interviews/${IDS.researchInterview}`,
  'interview-range': `/interviews/${IDS.recordedInterview}?t=20&end=40`,
};

/** WCAG 2.2 AA, as axe-core checks it. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

for (const lang of LANGS) {
  for (const [name, path] of Object.entries(PAGES)) {
    test(`${name} (${lang}) has no accessibility violations`, async ({ page }) => {
      await page.goto(`/${lang}${path}`);
      const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(summary).toEqual([]);
    });
  }
}

test('the range and embed controls, opened, have no accessibility violations', async ({ page }) => {
  await page.goto(`/en/interviews/${IDS.recordedInterview}?t=20&end=1:00`);
  for (const details of await page.locator('.player-column details').all()) await details.locator('summary').click();
  await expect(page.locator('.player-column details[open]')).toHaveCount(2);
  const { violations } = await new AxeBuilder({ page }).include('.player-column').withTags(TAGS).analyze();
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
