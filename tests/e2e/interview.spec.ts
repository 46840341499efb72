import { expect, test } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { MESSAGES } from './support/messages.js';
import { IDS, PUBLIC_TITLE, SEGMENTS } from './support/seed-data.js';

const URL = `/en/interviews/${IDS.publicInterview}`;

test('the interview page shows the transcript, the index and the narrator', async ({ page }) => {
  await page.goto(URL);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(PUBLIC_TITLE.en);
  await expect(page.getByRole('complementary', { name: MESSAGES.en.demo_notice_label })).toBeVisible();
  const segments = page.locator('.segments > li');
  await expect(segments).toHaveCount(SEGMENTS.length);
  // The transcript is marked as the language spoken, not the interface language.
  await expect(page.locator('.panel[lang="ru"]')).toBeVisible();
  const chapters = page.locator('.chapters > li');
  await expect(chapters).toHaveCount(3);
  await expect(chapters.nth(1)).toContainText('The journey');
  await expect(chapters.nth(1)).toContainText('A month in a goods wagon');
  await expect(page.getByText(MESSAGES.en.player_preparing_title)).toBeVisible();
  await expect(page.locator('.narrator')).toContainText('Maria Kim (demo)');
  await expect(page.locator('.narrator')).toContainText('Koreans');
  const captions = await page.locator('link[rel=canonical]').getAttribute('href');
  expect(captions).toContain(URL);

  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
  const types = jsonLd['@graph'].map((node: { '@type': string }) => node['@type']);
  expect(types).toEqual(['CreativeWork', 'AudioObject']);
  expect(jsonLd['@graph'][1].hasPart).toHaveLength(3);
});

test('clicking a segment seeks there and the share link follows', async ({ page }) => {
  await page.goto(URL);
  const [start, , , text] = SEGMENTS[5]!;
  // A segment seeks by script: click once the page's script has arrived (a click before that is lost,
  // noted for the segments to become ?t= links that work without it).
  await page.waitForLoadState('networkidle');
  // There is no recording to play yet (no media URL from the API): the moment is what moves.
  await page.getByText(text).click();
  await expect(page).toHaveURL(new RegExp(`\\?t=${start}$`));
  await expect(page.locator('.segments > li').nth(5)).toHaveAttribute('aria-current', 'true');
  await expect(page.getByLabel(MESSAGES.en.interview_share_label)).toHaveValue(new RegExp(`${IDS.publicInterview}\\?t=${start}$`));

  // A chapter seeks too, and a shared link opens at its moment.
  await page.locator('.chapters').getByRole('link', { name: 'Play from 2:09' }).click();
  await expect(page).toHaveURL(/\?t=129$/);
  await page.goto(`${URL}?t=60`);
  await expect(page.locator('.segments > li').nth(3)).toHaveAttribute('aria-current', 'true');
});

test('time codes work without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(URL);
  await page.getByRole('link', { name: 'Play from 1:41' }).first().click();
  await expect(page).toHaveURL(/\?t=101$/);
  await expect(page.locator('.segments > li').nth(5)).toHaveAttribute('aria-current', 'true');
  await context.close();
});

test('the interview page ships at most 100 KB of JavaScript, gzipped', async ({ page, request }) => {
  const scripts = new Set<string>();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.add(response.url());
  });
  await page.goto(URL, { waitUntil: 'networkidle' });
  let total = 0;
  for (const url of scripts) total += gzipSync(await (await request.get(url)).body(), { level: 9 }).length;
  console.log(`interview page JavaScript: ${scripts.size} files, ${(total / 1024).toFixed(1)} KB gzipped`);
  expect(scripts.size).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(100 * 1024);
});
