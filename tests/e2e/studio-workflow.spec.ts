import { expect, test } from '@playwright/test';
import { STAFF, STUDIO_IDS } from './support/seed-data.js';
import { gotoHydrated, signIn, t } from './support/studio.js';

const PAGE = `/en/studio/interviews/${STUDIO_IDS.workflow}`;

test('the researcher tags and sends for review; an editor indexes, opens and publishes', async ({ browser }) => {
  // Two people, a dozen saves: on a loaded machine longer than the default 30 s.
  test.setTimeout(120_000);
  const researcher = await (await browser.newContext()).newPage();
  await signIn(researcher, STAFF.researcher);
  await gotoHydrated(researcher, PAGE);
  const details = researcher.getByRole('region', { name: t.studio_details });
  const tags = details.getByRole('combobox', { name: t.field_tags });
  await tags.fill('Корё');
  await expect(details.getByRole('option', { name: /Koreans/ })).toBeVisible();
  await tags.press('Enter');
  await details.getByRole('button', { name: t.details_save }).click();
  await expect(details.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible({ timeout: 15_000 });
  await expect(details.getByRole('button', { name: 'Remove Koreans' })).toBeAttached();

  const workflow = researcher.getByRole('region', { name: t.workflow_title });
  await expect(workflow).toContainText(t.workflow_editors_only);
  await workflow.getByRole('button', { name: t.workflow_send_review }).click();
  await expect(workflow).toContainText('Now: In review');

  const editor = await (await browser.newContext()).newPage();
  await signIn(editor, STAFF.editor);
  await gotoHydrated(editor, `${PAGE}/index`);
  await editor.getByLabel(t.editor_start).last().fill('0');
  await editor.getByLabel(t.editor_end).last().fill('95');
  await editor.getByLabel('Title in English').last().fill('Arrival in Almaty');
  await editor.getByRole('button', { name: t.chapters_save }).click();
  await expect(editor.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible({ timeout: 15_000 });
  await expect(editor.getByRole('group', { name: 'Chapter 1' }).getByLabel('Title in English')).toHaveValue('Arrival in Almaty');

  await gotoHydrated(editor, PAGE);
  await expect(editor.getByText('Chapters: 1')).toBeVisible();
  const flow = editor.getByRole('region', { name: t.workflow_title });
  await flow.getByLabel(t.workflow_access).selectOption('research');
  await flow.getByRole('button', { name: t.workflow_access_save }).click();
  await expect(flow.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible({ timeout: 15_000 });
  await flow.getByRole('button', { name: t.workflow_publish }).click();
  await expect(flow).toContainText('Now: Published');
  await expect(flow).toContainText(t.access_research);
  await researcher.context().close();
  await editor.context().close();
});
