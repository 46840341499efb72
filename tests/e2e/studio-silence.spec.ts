import { expect, test, type Page } from '@playwright/test';
import { SILENCE_IDS, STAFF } from './support/seed-data.js';
import { signIn, t } from './support/studio.js';

const silenced = (audiences: string) => t.silenced_for.replace('{audiences}', audiences);

/** The worker queues the step when it gets there: reload until the pipeline lists it. */
async function showsStep(page: Page, name: string) {
  await expect(async () => {
    await page.reload();
    await expect(page.locator('.steps .name', { hasText: name }).first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
}

test('editors see which audiences hear silence in a restricted passage, and the copies being cut again', async ({ page }, info) => {
  // Waits for the worker to cut the copies twice (ffmpeg on a loaded machine).
  test.setTimeout(300_000);
  await signIn(page, STAFF.editor);

  // The transcript editor: the research-only passage is silence for the public and for teachers.
  await page.goto(`/en/studio/transcripts/${SILENCE_IDS.transcript}`);
  const passage = page.locator('[data-silenced="public,education"]');
  await expect(passage).toHaveText(silenced(`${t.access_public}, ${t.access_education}`));
  await expect(page.locator('[data-silenced]')).toHaveCount(1);
  await passage.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('transcript-silenced.png'), fullPage: true });

  // The first copies are made (or being made) before the restriction changes, so the change cuts again.
  await page.goto(`/en/studio/interviews/${SILENCE_IDS.interview}`);
  await showsStep(page, t.step_make_access_copies);

  // The index editor: the education chapter is silence for the public; closing it to research widens that.
  await page.goto(`/en/studio/interviews/${SILENCE_IDS.interview}/index`);
  const chapter = page.getByRole('group', { name: t.chapter_n.replace('{n}', '2') });
  await expect(chapter.locator('.silenced')).toHaveText(silenced(t.access_public));
  await chapter.getByLabel(t.chapter_level).selectOption('research');
  await page.getByRole('button', { name: t.chapters_save }).click();
  await expect(page.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await expect(page.getByRole('group', { name: t.chapter_n.replace('{n}', '2') }).locator('.silenced')).toHaveText(
    silenced(`${t.access_public}, ${t.access_education}`),
  );
  await page.screenshot({ path: info.outputPath('index-silenced.png'), fullPage: true });

  // The pipeline names the new job for what it is.
  await page.goto(`/en/studio/interviews/${SILENCE_IDS.interview}`);
  await showsStep(page, t.step_cut_audience_copies);
  await page.locator('.steps .name', { hasText: t.step_cut_audience_copies }).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('pipeline-cutting.png'), fullPage: true });

  // The file list names who hears each copy now: the cut made for the public now serves teachers too,
  // and researchers, for whom nothing is withheld any more, hear the full copy.
  const heardBy = (...who: string[]) => t.copy_served_to.replace('{audiences}', who.join(', '));
  const both = heardBy(t.access_public, t.access_education);
  await expect(async () => {
    await page.reload();
    await expect(page.locator('ul.files li', { hasText: both }).first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 200_000 });
  await expect(page.locator('ul.files li', { hasText: heardBy(t.copy_audience_full, t.access_research) }).first()).toBeVisible();
  await page.locator('ul.files').scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('files-audiences.png'), fullPage: true });
});
