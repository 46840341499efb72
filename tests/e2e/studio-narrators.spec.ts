import { expect, test } from '@playwright/test';
import { STAFF } from './support/seed-data.js';
import { signIn, t } from './support/studio.js';

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

test('a researcher adds a narrator with names in several scripts; only an editor opens their details to the public', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  await signIn(page, STAFF.researcher);
  await page.getByRole('navigation', { name: t.studio_nav_label }).getByRole('link', { name: t.studio_nav_narrators }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.studio_narrators_title);

  // No name at all: the form says what is missing and makes nothing.
  await page.getByRole('button', { name: t.studio_narrators_create }).click();
  await expect(page.getByRole('alert')).toHaveText(t.studio_narrator_missing_name);

  await page.getByLabel(fill(t.studio_narrator_name_in, { language: 'қазақша' })).fill('Гүлнар Тоқтарова (демо)');
  await page.getByLabel(fill(t.studio_narrator_name_in, { language: 'English' })).fill('Gulnar Toktarova (demo)');
  await page.getByRole('button', { name: t.studio_narrators_create }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gulnar Toktarova (demo)');
  const editUrl = page.url();
  expect(editUrl).toMatch(/\/en\/studio\/narrators\/[0-9a-f]{24}$/);

  await page.getByLabel(t.studio_narrator_other_names).fill('Гульнар Токтарова (демо)\nGülnar Toqtarova (demo)');
  await page.getByLabel(t.studio_narrator_identity).fill('Kazakh from Zhetysu, Russian-speaking since school (demo)');
  await page.getByLabel(t.studio_narrator_birth_year).fill('19x1');
  await page.getByRole('checkbox', { name: t.role_labour_veteran }).check();
  // Opening personal details is an editor's act: for a researcher the consent box cannot be ticked.
  await expect(page.getByRole('checkbox', { name: t.studio_narrator_details_public })).toBeDisabled();
  await page.getByRole('button', { name: t.details_save }).click();
  await expect(page.getByRole('alert')).toHaveText(t.studio_narrator_birth_year_bad);
  await expect(page.getByLabel(t.studio_narrator_identity)).toHaveValue('Kazakh from Zhetysu, Russian-speaking since school (demo)');

  await page.getByLabel(t.studio_narrator_birth_year).fill('1941');
  await page.getByRole('button', { name: t.details_save }).click();
  await expect(page.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(t.studio_narrator_birth_year)).toHaveValue('1941');
  await expect(page.getByLabel(t.studio_narrator_identity)).toHaveValue('Kazakh from Zhetysu, Russian-speaking since school (demo)');
  await expect(page.getByLabel(t.studio_narrator_other_names)).toHaveValue('Гульнар Токтарова (демо)\nGülnar Toqtarova (demo)');
  await expect(page.getByRole('checkbox', { name: t.role_labour_veteran })).toBeChecked();
  await page.screenshot({ path: info.outputPath('studio-narrator.png'), fullPage: true });

  // Found by a spelling that is neither display name.
  await page.goto('/en/studio/narrators?q=Токтарова');
  await expect(page.getByRole('link', { name: 'Gulnar Toktarova (demo)' })).toBeVisible();
  await page.getByRole('link', { name: 'Gulnar Toktarova (demo)' }).click();
  await expect(page.getByLabel(t.studio_narrator_notes)).toBeVisible();

  const editor = await browser.newPage();
  await signIn(editor, STAFF.editor);
  await editor.goto(editUrl);
  const consent = editor.getByRole('checkbox', { name: t.studio_narrator_details_public });
  await expect(consent).toBeEnabled();
  await consent.check();
  await editor.getByRole('button', { name: t.details_save }).click();
  await expect(editor.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await editor.close();

  // The researcher's page was read before the editor's save: saving it is refused, not written over it.
  await page.getByLabel(t.studio_narrator_notes).fill('Prefers mornings (demo)');
  await page.getByRole('button', { name: t.details_save }).click();
  await expect(page.getByRole('alert')).toContainText(fill(t.studio_action_failed, { message: '' }).trim());
  await page.goto(editUrl);
  await expect(page.getByRole('checkbox', { name: t.studio_narrator_details_public })).toBeChecked();
  await expect(page.getByLabel(t.studio_narrator_notes)).toHaveValue('');
  await page.goto('/en/studio/narrators?q=Toktarova');
  await expect(page.getByRole('listitem').filter({ hasText: 'Gulnar Toktarova (demo)' })).toContainText(t.studio_narrator_details_open);
});
