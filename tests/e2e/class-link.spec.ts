import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { CLASS_IDS, CLASS_INTERVIEW_TITLE, CLASS_SEGMENTS, CLASS_TOKEN, LANGS, TEACHER } from './support/seed-data.js';
import { MESSAGES } from './support/messages.js';
import { t } from './support/studio.js';

async function signInAsTeacher(page: Page, lang: 'kk' | 'ru' | 'en' = 'en') {
  await page.goto(`/${lang}/sign-in?redirectTo=${encodeURIComponent(`/${lang}/studio/lessons`)}`);
  await page.getByLabel(MESSAGES[lang].sign_in_email).fill(TEACHER.email);
  await page.getByLabel(MESSAGES[lang].sign_in_password).fill(TEACHER.password);
  await page.getByRole('button', { name: MESSAGES[lang].sign_in_submit }).click();
  await expect(page).toHaveURL(new RegExp(`/${lang}/studio/lessons$`));
}

test('a teacher builds a lesson, shares a class link, a pupil plays the clip without an account; revoked, the link is gone', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  await signInAsTeacher(page);
  // Only the lessons: no staff pages in the teacher's studio.
  const studioNav = page.getByRole('navigation', { name: t.studio_nav_label });
  await expect(studioNav.getByRole('link')).toHaveText([t.classlink_nav_lessons]);
  expect((await page.goto('/en/studio/collections'))!.status()).toBe(403);

  // From the interview page: the range starting at the moment in the address goes into a new lesson.
  await page.goto(`/en/interviews/${CLASS_IDS.interview}?t=10`);
  await expect(page.getByRole('heading', { name: t.classlink_add_title })).toBeVisible();
  await expect(page.getByLabel(t.block_start)).toHaveValue('10');
  await page.getByLabel(t.block_end).fill('30');
  await page.getByLabel(t.classlink_add_lesson, { exact: true }).selectOption('new');
  await page.getByLabel(t.classlink_lesson_title).fill('Evacuation, 1941 (demo)');
  await page.getByRole('button', { name: t.classlink_add_submit }).click();
  await expect(page.getByRole('status').filter({ hasText: t.classlink_added })).toBeVisible();
  await page.getByRole('link', { name: t.classlink_open_lesson }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Evacuation, 1941 (demo)');

  // The lesson panel: what pupils read before the clips, and the questions after.
  await page.getByRole('group', { name: t.classlink_field_notes }).getByLabel('In English').fill('Describes a family losing its home.');
  await page.getByLabel(t.teachers_age, { exact: true }).fill('12+');
  await page.getByRole('group', { name: t.teachers_questions }).getByLabel('In English').fill('Why did families share one stove?\nWhat would you take with you?');
  // A text block, moved above the clip with the keyboard (the collection builder's own controls).
  await page.getByRole('button', { name: `+ ${t.block_text}` }).click();
  await page.getByRole('group', { name: 'Block 2: Text' }).getByLabel('Text in English').fill('Listen to Nina, then talk in pairs.');
  await page.getByRole('group', { name: 'Block 2: Text' }).getByRole('button', { name: /Move up/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Block 1: Text' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Block 2: Clip' }).getByLabel(t.block_start)).toHaveValue('10');
  await page.getByRole('button', { name: t.classlink_save }).click();
  await expect(page.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await page.screenshot({ path: info.outputPath('lesson-builder.png'), fullPage: true });

  await page.getByLabel(t.classlink_days).fill('7');
  await page.getByRole('button', { name: t.classlink_create }).click();
  const field = page.getByRole('textbox', { name: t.classlink_created });
  await expect(field).toHaveValue(/\/en\/class\/k1\.[A-Za-z0-9_-]{43}$/);
  const url = await field.inputValue();
  await expect(page.getByRole('cell', { name: t.classlink_state_active })).toBeVisible();
  await page.screenshot({ path: info.outputPath('lesson-link.png'), fullPage: true });

  // A pupil: a fresh browser, no account.
  const pupilContext = await browser.newContext();
  const pupil = await pupilContext.newPage();
  const response = await pupil.goto(url);
  expect(response!.status()).toBe(200);
  expect(response!.headers()['referrer-policy']).toBe('no-referrer');
  expect(response!.headers()['x-robots-tag']).toContain('noindex');
  await expect(pupil.getByRole('heading', { level: 1 })).toHaveText('Evacuation, 1941 (demo)');
  const notes = pupil.getByText('Describes a family losing its home.');
  const clip = pupil.locator('figure.clip');
  await expect(notes).toBeVisible();
  await expect(clip).toHaveCount(1);
  // The content notes come before the clip, in reading order and on screen.
  expect(await notes.evaluate((n, c) => Boolean(n.compareDocumentPosition(c!) & 4 /* DOCUMENT_POSITION_FOLLOWING */), await clip.elementHandle())).toBe(true);
  expect((await notes.boundingBox())!.y).toBeLessThan((await clip.boundingBox())!.y);
  await expect(pupil.getByText(CLASS_SEGMENTS[1]![2])).toBeVisible();
  await expect(pupil.getByText(CLASS_SEGMENTS[2]![2])).toHaveCount(0);
  await expect(pupil.getByText('Why did families share one stove?')).toBeVisible();
  await expect(pupil.getByText(CLASS_INTERVIEW_TITLE.en, { exact: false })).toBeVisible();

  // The clip plays from its start.
  const audio = clip.locator('audio');
  type Media = { play(): Promise<void>; currentTime: number; paused: boolean };
  await audio.evaluate((a) => (a as unknown as Media).play());
  await expect.poll(() => audio.evaluate((a) => (a as unknown as Media).currentTime), { timeout: 10_000 }).toBeGreaterThan(10);
  const at = await audio.evaluate((a) => ({ time: (a as unknown as Media).currentTime, paused: (a as unknown as Media).paused }));
  expect(at.time).toBeLessThan(30);
  expect(at.paused).toBe(false);
  // The same education clip is closed to the public outside the link: the page is the withheld
  // notice (issue 13), which names nothing of the interview, and its media answer as missing.
  await pupil.goto(`/en/interviews/${CLASS_IDS.interview}`);
  await expect(pupil).toHaveURL(/request-access$/);
  await expect(pupil.getByRole('heading', { level: 1 })).toHaveText(MESSAGES.en.withheld_title);
  await expect(pupil.locator('body')).not.toContainText(CLASS_INTERVIEW_TITLE.en);
  expect((await pupil.request.get(`/api/interviews/${CLASS_IDS.interview}/media`, { maxRedirects: 0 })).status()).toBe(404);
  await pupil.screenshot({ path: info.outputPath('class-withheld-interview.png') });

  await page.getByRole('button', { name: new RegExp(t.classlink_revoke) }).click();
  await expect(page.getByRole('cell', { name: new RegExp(t.classlink_state_revoked.replace('{when}', '')) })).toBeVisible();
  expect((await pupil.goto(url))!.status()).toBe(404);
  expect((await pupil.goto(`/en/class/${'x'.repeat(43)}`))!.status()).toBe(404);
  await pupilContext.close();
});

test('the seeded class page: notes first, a closed clip says only that it is gone', async ({ page }, info) => {
  for (const lang of LANGS) {
    await page.goto(`/${lang}/class/${CLASS_TOKEN}`);
    await expect(page.getByText(MESSAGES[lang].classlink_clip_gone)).toHaveCount(1);
    await expect(page.getByText('A closed notebook (demo)')).toHaveCount(0);
    await expect(page.getByText(CLASS_INTERVIEW_TITLE[lang], { exact: false })).toBeVisible();
    await page.screenshot({ path: info.outputPath(`class-${lang}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`/ru/class/${CLASS_TOKEN}`);
  await page.screenshot({ path: info.outputPath('class-ru-narrow.png'), fullPage: true });
});

test('the teacher’s pages in three languages: lessons, a lesson, Add to my lesson; no axe violations', async ({ page }) => {
  test.setTimeout(150_000);
  const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
  const problems: string[] = [];
  for (const lang of LANGS) {
    await page.context().clearCookies();
    await signInAsTeacher(page, lang);
    for (const [name, path] of [
      ['lessons', '/studio/lessons'],
      ['lesson', `/studio/lessons/${CLASS_IDS.lesson}`],
      ['interview', `/interviews/${CLASS_IDS.interview}?t=10`],
    ] as const) {
      await page.goto(`/${lang}${path}`, { waitUntil: 'networkidle' });
      if (name === 'interview') await expect(page.getByRole('heading', { name: MESSAGES[lang].classlink_add_title })).toBeVisible();
      // axe once per page (the markup is the same in every language); pictures of all three to look at.
      const { violations } = lang === 'kk' ? await new AxeBuilder({ page }).withTags(TAGS).analyze() : { violations: [] };
      problems.push(...violations.map((v) => `${lang} ${name}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
      await page.screenshot({ path: `test-results/screenshots/class-link/${lang}-${name}.png`, fullPage: true });
    }
  }
  expect(problems).toEqual([]);
});
