import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { IDS, LANGS } from './support/seed-data.js';
import { WAVEFORM } from './support/seed-data-waveform.js';

const URL = `/en/interviews/${WAVEFORM.interview}`;
const audioTime = (page: import('@playwright/test').Page) => page.locator('audio').evaluate((a: { currentTime: number }) => a.currentTime);
/** How long the element's transition lasts (the tests run without the DOM library's types). */
const transition = (el: unknown) =>
  (globalThis as unknown as { getComputedStyle(e: unknown): { transitionDuration: string } }).getComputedStyle(el).transitionDuration;

test('the interview page draws the waveform, and seeking by keyboard on it moves the player', async ({ page }, info) => {
  await page.goto(URL);
  const slider = page.getByRole('slider', { name: /^Waveform of A recording with a waveform/ });
  await expect(slider).toBeVisible();
  await expect(slider).toHaveAttribute('aria-valuemax', String(WAVEFORM.seconds));
  await expect(slider).toHaveAttribute('aria-valuetext', '0:00 of 0:30');
  // The bars come from the peaks: one path of 150 bars, drawn twice (all, and the part played).
  expect(((await slider.locator('path').first().getAttribute('d')) ?? '').split('M').length - 1).toBe(150);

  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '10');
  await expect(slider).toHaveAttribute('aria-valuetext', '0:10 of 0:30');
  await expect.poll(() => audioTime(page)).toBeCloseTo(10, 1);
  await expect(slider.locator('.played')).toHaveAttribute('style', /inset\(0(px)? 66\.6+\d*% 0(px)? 0(px)?\)/);

  await page.keyboard.press('PageUp');
  await expect.poll(() => audioTime(page)).toBeCloseTo(30, 1);
  await page.keyboard.press('Home');
  await expect.poll(() => audioTime(page)).toBe(0);

  // A click seeks to where it lands: three quarters along is 22.5 s.
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  await expect.poll(() => audioTime(page)).toBeCloseTo(22.5, 0);
  await expect(slider).toHaveAttribute('aria-valuenow', '22');
  await page.screenshot({ path: info.outputPath('waveform.png'), fullPage: false });
});

test('the position does not glide for visitors who ask for reduced motion', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(URL);
  const cursor = page.locator('.waveform .cursor');
  await expect(cursor).toBeAttached();
  const seconds = (duration: string) => parseFloat(duration) * (duration.endsWith('ms') ? 0.001 : 1);
  expect(seconds(await cursor.evaluate(transition))).toBeLessThan(0.001);
  await context.close();

  const moving = await (await browser.newContext()).newPage();
  await moving.goto(URL);
  expect(seconds(await moving.locator('.waveform .cursor').evaluate(transition))).toBeGreaterThan(0.1);
});

test('an interview without peaks keeps the plain player: no slider, no empty box', async ({ page }) => {
  await page.goto(`/en/interviews/${IDS.publicInterview}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('slider')).toHaveCount(0);
  await expect(page.locator('.waveform')).toHaveCount(0);
});

test('without JavaScript the page keeps the plain player and gives back the waveform’s place', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(URL);
  await expect(page.locator('audio')).toBeAttached();
  await expect(page.getByRole('slider')).toHaveCount(0);
  await expect(page.locator('.waveform.placeholder')).toBeHidden();
  await context.close();
});

for (const lang of LANGS) {
  test(`the waveform page (${lang}) has no accessibility violations`, async ({ page }, info) => {
    await page.goto(`/${lang}/interviews/${WAVEFORM.interview}`);
    const slider = page.getByRole('slider');
    await expect(slider).toBeVisible();
    await expect(slider).toHaveAttribute('aria-label', new RegExp(WAVEFORM.title[lang].replace(/[()]/g, '\\$&')));
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await slider.focus();
    await page.screenshot({ path: info.outputPath(`waveform-${lang}.png`), fullPage: false });
  });
}
