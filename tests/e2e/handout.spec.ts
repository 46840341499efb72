import { expect, test } from '@playwright/test';
import { MESSAGES } from './support/messages.js';
import { pdfText } from './support/pdf-text.js';
import { IDS, LESSON_TITLE, SITE_URL, SLUGS } from './support/seed-data.js';

const t = MESSAGES.en;

// The root tsconfig has no DOM library (server code must not see browser globals): the few browser
// objects these tests use inside the page are declared here, for this file only.
declare const window: { print: () => void };
declare const document: { body: { setAttribute(name: string, value: string): void } };
declare function getComputedStyle(element: unknown): { color: string; backgroundColor: string; breakInside: string };
const LESSON = `/en/collections/${SLUGS.lesson}`;
const QUESTION = 'How did the people of Ushtobe help the newcomers?';
const squash = (text: string) => text.replace(/\s+/g, '');
const CLIP_URL = `${SITE_URL}/en/interviews/${IDS.publicInterview}?t=101`;

test('a lesson has a button that prints the handout', async ({ page }) => {
  await page.goto(LESSON);
  await page.evaluate(() => {
    window.print = () => document.body.setAttribute('data-printed', 'yes');
  });
  await page.getByRole('button', { name: t.handout_print }).click();
  await expect(page.locator('body')).toHaveAttribute('data-printed', 'yes');
  // A collection that is not a lesson has no handout.
  await page.goto(`/en/collections/${SLUGS.flagship}`);
  await expect(page.getByRole('button', { name: t.handout_print })).toHaveCount(0);
});

test('without JavaScript the button is a link to how to print', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(LESSON);
  await page.getByRole('link', { name: t.handout_print }).click();
  await expect(page).toHaveURL(/#print-hint$/);
  await expect(page.locator('#print-hint')).toHaveText(t.handout_print_hint);
  await context.close();
});

test('printed, the lesson is a handout: no player or navigation, clips with time-coded links, questions with room', async ({ page }) => {
  await page.goto(LESSON);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(LESSON_TITLE.en);
  for (const chrome of ['.site-header', '.site-footer', '.skip-link', '.print-handout']) {
    await expect(page.locator(chrome)).toBeHidden();
  }
  const clip = page.locator('.clip');
  // The player's place (here: "being prepared") and the on-screen link give way to what paper can hold.
  await expect(clip.locator('.preparing')).toBeHidden();
  await expect(clip.getByRole('link', { name: 'Open the whole interview at 1:41' })).toBeHidden();
  await expect(clip).toContainText('In Ushtobe');
  await expect(clip).toContainText('Maria Kim (demo)');
  await expect(clip).toContainText('1:41 to 2:38');
  const printed = clip.getByRole('link', { name: CLIP_URL });
  await expect(printed).toBeVisible();
  await expect(printed).toHaveAttribute('href', CLIP_URL);
  expect(await clip.evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');

  const answers = page.locator('.answers');
  await expect(answers).toBeVisible();
  await expect(answers.getByRole('listitem')).toHaveText([QUESTION]);
  expect(await answers.locator('.answer-lines span').count()).toBeGreaterThanOrEqual(3);
  // On paper the questions are printed once, where there is room to answer.
  await expect(page.locator('.teachers .questions')).toBeHidden();

  const colours = await page.locator('.collection h1').evaluate((el) => [getComputedStyle(el).color, getComputedStyle(document.body).backgroundColor]);
  expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);

  // On screen nothing of this shows.
  await page.emulateMedia({ media: 'screen' });
  await expect(answers).toBeHidden();
  await expect(page.getByRole('button', { name: t.handout_print })).toBeVisible();
});

test('the handout prints to a PDF with its text', async ({ page }) => {
  for (const lang of ['en', 'ru', 'kk'] as const) {
    await page.goto(`/${lang}/collections/${SLUGS.lesson}`);
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Chromium places glyphs one run at a time, so spacing in the PDF is not the page's: compare without it.
    const text = squash(pdfText(pdf));
    expect(text).toContain(squash(LESSON_TITLE[lang]));
    expect(text).toContain(`${SITE_URL}/${lang}/interviews/${IDS.publicInterview}?t=101`);
    expect(text).toContain(squash(MESSAGES[lang].handout_answers));
    if (lang === 'en') {
      expect(text).toContain(squash(QUESTION));
      expect(text).toContain(squash('Maria Kim (demo)'));
      expect(text).not.toContain(squash(t.handout_print));
      expect(text).not.toContain(squash(t.nav_sign_in));
    }
  }
});
