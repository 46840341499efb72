import { expect, test } from '@playwright/test';
import { MESSAGES } from './support/messages.js';
import { FLAGSHIP_TITLE, LANGS, PUBLIC_TITLE } from './support/seed-data.js';

for (const lang of LANGS) {
  test(`home renders in ${lang}`, async ({ page }) => {
    const response = await page.goto(`/${lang}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(MESSAGES[lang].site_name);
    await expect(page.getByRole('heading', { name: FLAGSHIP_TITLE[lang] })).toBeVisible();
    await expect(page.getByRole('link', { name: PUBLIC_TITLE[lang] })).toBeVisible();
    // The eras, in order, with their years.
    const eras = page.locator('ol.timeline li');
    await expect(eras).toHaveCount(11);
    await expect(eras.first()).toContainText('1854–1921');
    await expect(eras.filter({ hasText: '1941–1945' })).toHaveCount(1);
    // No JavaScript on reading pages: the home page works and weighs nothing on a school network.
    expect(await page.locator('script[src], link[rel="modulepreload"]').count()).toBe(0);
  });
}

test('a bare address follows Accept-Language, then the remembered choice', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/ru$/);
  await page.goto('/kk/browse');
  await page.goto('/interviews');
  await expect(page).toHaveURL(/\/kk\/interviews$/);
  await context.close();
});

test('the language switcher keeps the page', async ({ page }) => {
  await page.goto('/en/browse');
  await page.getByRole('navigation', { name: MESSAGES.en.language_label }).getByRole('link', { name: 'Қазақша' }).click();
  await expect(page).toHaveURL(/\/kk\/browse$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(MESSAGES.kk.browse_title);
});
