import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { IDS, LANGS, SLUGS } from './support/seed-data.js';

const PAGES = {
  home: '',
  interview: `/interviews/${IDS.publicInterview}`,
  collection: `/collections/${SLUGS.flagship}`,
  lesson: `/collections/${SLUGS.lesson}`,
  browse: '/browse',
  interviews: '/interviews',
  narrator: `/narrators/${IDS.narrator}`,
  'sign-in': '/sign-in',
  search: '/search?q=Almaty',
  'search-none': '/search?q=Qazaqstan&language=ru',
  'not-found': `/interviews/${IDS.missingInterview}`,
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
