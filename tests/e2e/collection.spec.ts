import { expect, test } from '@playwright/test';
import { MESSAGES } from './support/messages.js';
import { IDS, LESSON_TITLE, SLUGS } from './support/seed-data.js';

test('a lesson puts the teachers’ notes before anything can be played', async ({ page }) => {
  await page.goto(`/en/collections/${SLUGS.lesson}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(LESSON_TITLE.en);
  const panel = page.getByRole('region', { name: MESSAGES.en.teachers_title });
  await expect(panel).toContainText('Recommended from age 12.');
  await expect(panel).toContainText('Describes deportation and hardship.');
  await expect(panel).toContainText('How did the people of Ushtobe help the newcomers?');
  // Document order: the notes come before the first clip.
  await expect(page.locator('.teachers, .clip').first()).toHaveClass(/teachers/);
  await expect(page.getByRole('link', { name: 'Open the whole interview at 1:41' })).toHaveAttribute(
    'href',
    `/en/interviews/${IDS.publicInterview}?t=101`,
  );
});

test('the flagship collection shows its blocks in order', async ({ page }) => {
  await page.goto(`/kk/collections/${SLUGS.flagship}`);
  const blocks = page.locator('.blocks > *');
  await expect(blocks).toHaveCount(4);
  await expect(blocks.nth(1)).toHaveClass(/clip/);
  await expect(blocks.nth(2)).toHaveClass(/quote/);
  await expect(blocks.nth(2)).toContainText('Бізді өз адамындай қабылдады.');
  await expect(blocks.nth(3)).toHaveClass(/image/);
});
