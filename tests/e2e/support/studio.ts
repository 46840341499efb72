import { expect, type Page } from '@playwright/test';
import { MESSAGES } from './messages.js';
import { pcmWav } from './recording.js';
import type { STAFF } from './seed-data.js';

const t = MESSAGES.en;

/** Opens a page and waits until its scripts run, so what a test types goes to the enhanced form. */
export async function gotoHydrated(page: Page, url: string) {
  await page.goto(url);
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Signs in through the form, as a person would, and lands on the studio dashboard. */
export async function signIn(page: Page, who: (typeof STAFF)[keyof typeof STAFF], lang: 'kk' | 'ru' | 'en' = 'en') {
  await page.goto(`/${lang}/sign-in?redirectTo=${encodeURIComponent(`/${lang}/studio`)}`);
  await page.getByLabel(MESSAGES[lang].sign_in_email).fill(who.email);
  await page.getByLabel(MESSAGES[lang].sign_in_password).fill(who.password);
  await page.getByRole('button', { name: MESSAGES[lang].sign_in_submit }).click();
  await expect(page).toHaveURL(new RegExp(`/${lang}/studio$`));
}

/** From the dashboard: the new-interview form, filled as a researcher would, with a place found by its old Cyrillic name. */
export async function createInterview(page: Page, title: string) {
  await page.getByRole('link', { name: t.studio_nav_new }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.studio_new_title);
  await page.getByLabel('Title in English').fill(title);
  await page.getByLabel('Title in русский').fill(`${title} (ru)`);
  await page.getByLabel(t.field_languages).fill('ru, kk');
  await page.getByLabel(t.field_date).fill('2025-09-01');
  // Autocomplete in another script: the Cyrillic old name finds the place term "Almaty".
  const tags = page.getByRole('combobox', { name: t.field_tags });
  await tags.fill('Алма-Ата');
  await expect(page.getByRole('option', { name: /Almaty/ })).toBeVisible();
  await tags.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove Almaty' })).toBeAttached();
  await page.getByRole('button', { name: t.studio_create }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page).toHaveURL(/\/en\/studio\/interviews\/[0-9a-f]{24}$/);
}

/** A valid PCM WAV of silence (mono, 16-bit, 8 kHz) of about `bytes` bytes: enough for the upload checks. */
export function silentWav(bytes: number): Buffer {
  return pcmWav(Math.max(2, bytes - 44) & ~1, 8000, 16);
}

/** A one-page PDF, as small as a valid one gets: the release scan. */
export const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** What the tests read of an <audio> element (the e2e tests compile without the DOM library). */
export interface MediaState {
  currentTime: number;
  duration: number;
  paused: boolean;
  muted: boolean;
  play(): Promise<void>;
}

export { t };
