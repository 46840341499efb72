import { expect, test } from '@playwright/test';
import { CLASS_IDS, TEACHER } from './support/seed-data.js';
import { t } from './support/studio.js';

test('a teacher’s lesson keeps a clip she can no longer see: shown as not available, kept by a save until she removes it', async ({ page }, info) => {
  const lesson = `/en/studio/lessons/${CLASS_IDS.removalLesson}`;
  await page.goto(`/en/sign-in?redirectTo=${encodeURIComponent(lesson)}`);
  await page.getByLabel(t.sign_in_email).fill(TEACHER.email);
  await page.getByLabel(t.sign_in_password).fill(TEACHER.password);
  await page.getByRole('button', { name: t.sign_in_submit }).click();
  await expect(page).toHaveURL(new RegExp(`${lesson}$`));

  // The seeded lesson's third block is a clip of a research-only interview.
  const hidden = page.getByRole('group', { name: `Block 3: ${t.block_clip}` });
  await expect(hidden).toContainText(t.block_unavailable);
  await expect(page.getByRole('group', { name: `Block 2: ${t.block_clip}` })).not.toContainText(t.block_unavailable);

  await page.getByRole('button', { name: t.classlink_save }).click();
  await expect(page.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('group', { name: `Block 3: ${t.block_clip}` })).toContainText(t.block_unavailable);


  // Remove marks it (and can be undone); only a save with it marked takes it out.
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  const gone = page.getByRole('group', { name: `Block 3: ${t.block_clip}` });
  await gone.getByRole('button', { name: new RegExp(`^${t.block_remove}`) }).click();
  await expect(gone).toContainText(t.block_unavailable_removed);
  await gone.getByRole('button', { name: new RegExp(`^${t.block_remove_undo}`) }).click();
  await expect(gone).toContainText(t.block_unavailable);
  await gone.getByRole('button', { name: new RegExp(`^${t.block_remove}`) }).click();
  await page.screenshot({ path: info.outputPath('lesson-hidden-removed.png'), fullPage: true });
  await page.getByRole('button', { name: t.classlink_save }).click();
  await expect(page.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('group', { name: `Block 2: ${t.block_clip}` })).toBeVisible();
  await expect(page.getByRole('group', { name: `Block 3: ${t.block_clip}` })).toHaveCount(0);
  await expect(page.getByText(t.block_unavailable)).toHaveCount(0);
});
