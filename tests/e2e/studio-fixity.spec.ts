import { expect, test } from '@playwright/test';
import { MESSAGES } from './support/messages.js';
import { FIXITY_CHECKED_AT, STAFF, STUDIO_IDS } from './support/seed-data.js';
import { signIn } from './support/studio.js';

type Lang = keyof typeof MESSAGES;
/** A catalog message with its {date} filled by the check's moment as the studio writes it (Almaty time). */
const withDate = (message: string, lang: Lang) =>
  message.replace(
    '{date}',
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Almaty' }).format(new Date(FIXITY_CHECKED_AT)),
  );

for (const lang of ['en', 'ru', 'kk'] as const) {
  test(`the studio interview page says when each master was last verified, and a missing one stands out (${lang})`, async ({ page }, info) => {
    const t = MESSAGES[lang];
    await signIn(page, STAFF.editor, lang);
    await page.goto(`/${lang}/studio/interviews/${STUDIO_IDS.inReview}`);
    const files = page.getByRole('region', { name: t.media_title }).getByRole('listitem');
    const intact = files.filter({ hasText: 'student-years-side-a.wav' });
    const missing = files.filter({ hasText: 'student-years-side-b.wav' });
    await expect(intact).toContainText(withDate(t.fixity_ok, lang));
    await expect(missing.locator('strong')).toHaveText(`⚠ ${withDate(t.fixity_missing, lang)}`);
    await expect(intact.locator('strong')).toHaveCount(0);
    await page.screenshot({ path: info.outputPath(`studio-fixity-${lang}.png`), fullPage: true });
  });
}

test('the admin page counts the fixity checks and lists the file that failed, linked to its interview', async ({ page }, info) => {
  const t = MESSAGES.en;
  await signIn(page, STAFF.admin);
  await page.goto('/en/studio/admin');
  const section = page.getByRole('region', { name: t.fixity_title });
  await expect(section).toContainText(withDate(t.fixity_last_check, 'en').replace(/\.$/, ''));
  const problem = section.getByRole('listitem').filter({ hasText: 'student-years-side-b.wav' });
  await expect(problem).toContainText(withDate(t.fixity_missing, 'en'));
  // Only the files that failed are listed: the intact master is counted, not shown.
  await expect(section).not.toContainText('student-years-side-a.wav');
  await page.screenshot({ path: info.outputPath('studio-fixity-admin.png'), fullPage: true });
  await problem.getByRole('link', { name: 'student-years-side-b.wav' }).click();
  await expect(page).toHaveURL(new RegExp(`/en/studio/interviews/${STUDIO_IDS.inReview}$`));
});
