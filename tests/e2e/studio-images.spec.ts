import { expect, test, type Page } from '@playwright/test';
import { WAVEFORM } from './support/seed-data-waveform.js';
import { STAFF } from './support/seed-data.js';
import { signIn, t } from './support/studio.js';
import { gradientPng } from '../support/png.js';

// Each walks the builder, uploads or plays media and saves: longer than the default 30 s on a busy machine.
test.describe.configure({ timeout: 90_000 });

async function newCollection(page: Page, title: string, slug: string) {
  await signIn(page, STAFF.editor);
  await page.getByRole('navigation', { name: t.studio_nav_label }).getByRole('link', { name: t.studio_nav_collections }).click();
  await page.getByLabel('Title in English').fill(title);
  await page.getByLabel(t.coll_slug).fill(slug);
  await page.getByRole('button', { name: t.coll_create }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
}

test('an editor picks a clip by dragging on the waveform; the start and end follow, and the preview plays only the range', async ({ page }, info) => {
  await newCollection(page, 'A clip picked on the waveform (demo)', 'clip-on-the-waveform-demo');
  await page.getByRole('button', { name: `+ ${t.block_clip}` }).click();
  const clip = page.getByRole('group', { name: 'Block 1: Clip' });
  await clip.getByLabel(t.block_interview).selectOption(WAVEFORM.interview);
  const waveform = clip.getByRole('slider', { name: /^Waveform of A recording with a waveform/ });
  await expect(waveform).toBeVisible();
  await expect(waveform).toHaveAttribute('aria-valuemax', String(WAVEFORM.seconds));

  // Drag from a fifth to three fifths of the way: 6 s to 18 s of 30.
  await waveform.scrollIntoViewIfNeeded();
  const box = (await waveform.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
  await page.mouse.up();
  const start = clip.getByLabel(t.block_start);
  const end = clip.getByLabel(t.block_end);
  await expect.poll(async () => Number(await start.inputValue())).toBeCloseTo(6, 0);
  await expect.poll(async () => Number(await end.inputValue())).toBeCloseTo(18, 0);
  await expect(waveform.locator('.range')).toHaveAttribute('style', /left: 2\d(\.\d+)?%/);
  await page.screenshot({ path: info.outputPath('clip-range.png'), fullPage: false });

  // The inputs are the same values: typing moves the highlighted range.
  await start.fill('3');
  await end.fill('4.5');
  await expect(waveform.locator('.range')).toHaveAttribute('style', /left: 10%; width: 5%/);

  // The preview plays the range and stops at its end.
  await clip.getByRole('button', { name: t.block_range_play }).click();
  const audio = clip.locator('audio');
  await expect.poll(() => audio.evaluate((a: { paused: boolean; currentTime: number }) => a.paused && a.currentTime >= 4.5), { timeout: 10_000 }).toBe(true);
  expect(await audio.evaluate((a: { paused: boolean; currentTime: number }) => a.currentTime)).toBeLessThan(5.2);

  await page.getByRole('button', { name: t.coll_save }).click();
  await expect(page.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Block 1: Clip' }).getByLabel(t.block_start)).toHaveValue('3');
  await expect(page.getByRole('group', { name: 'Block 1: Clip' }).getByLabel(t.block_end)).toHaveValue('4.5');
});

test('an editor uploads a picture with its description; a renamed text file is refused; the picture shows in the preview and once published', async ({ page }, info) => {
  await newCollection(page, 'A picture for the archive (demo)', 'a-picture-for-the-archive-demo');
  await page.getByRole('button', { name: `+ ${t.block_image}` }).click();
  const block = page.getByRole('group', { name: 'Block 1: Image' });
  await expect(block.getByText(t.block_alt_required)).toBeVisible();

  await block.getByLabel(t.image_upload_choose).setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: gradientPng(160, 90) });
  const picture = block.locator('img');
  await expect(picture).toBeVisible();
  expect(await picture.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBe(160);

  // Text named .png: the API sniffs the bytes, refuses, and the picture already chosen stays.
  await block.getByLabel(t.image_upload_replace).setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('Notes for the lesson, not a picture.\n'.repeat(20)) });
  await expect(block.getByRole('status')).toContainText('its bytes are not a picture');
  await expect(picture).toBeVisible();

  await block.getByLabel('Description for screen readers in English').fill('A colour gradient (demo)');
  await block.getByLabel('Caption in English').fill('A generated picture');
  await block.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('image-block.png'), fullPage: false });
  await page.getByRole('button', { name: t.coll_preview }).click();
  const previewed = page.getByRole('img', { name: 'A colour gradient (demo)' });
  await expect(previewed).toBeVisible();
  expect(await previewed.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBe(160);
  await page.screenshot({ path: info.outputPath('image-preview.png'), fullPage: true });
  await page.getByRole('button', { name: t.coll_edit }).click();

  await page.getByRole('button', { name: t.coll_save }).click();
  await expect(page.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await page.getByRole('button', { name: t.coll_publish }).click();
  await page.getByRole('link', { name: t.coll_published_at }).click();
  const published = page.getByRole('img', { name: 'A colour gradient (demo)' });
  await expect(published).toBeVisible();
  await expect.poll(() => published.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBe(160);
  await expect(page.getByText('A generated picture')).toBeVisible();
  await page.screenshot({ path: info.outputPath('image-published.png'), fullPage: true });
});
