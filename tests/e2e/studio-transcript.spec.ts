import { expect, test, type Page } from '@playwright/test';
import { EDIT_SEGMENTS, STAFF, STUDIO_IDS } from './support/seed-data.js';
import { signIn, t } from './support/studio.js';

// Each test edits a transcript of its own, so a retry finds it as seeded.
const EDITOR_URL = `/en/studio/transcripts/${STUDIO_IDS.editTranscript}`;
const CONFLICT_URL = `/en/studio/transcripts/${STUDIO_IDS.conflictTranscript}`;
const text = (page: Page, n: number) => page.getByRole('group', { name: new RegExp(`^Segment ${n} `) }).getByLabel(t.editor_text);
const saved = (page: Page) => expect(page.getByRole('status').filter({ hasText: /All changes saved/ })).toBeVisible({ timeout: 10_000 });

test('an editor corrects a segment; it is saved by itself and listed in the history', async ({ page }, info) => {
  // Two sign-ins, two saves and a reload: well under 30 s alone, not beside the whole suite's worker jobs.
  test.setTimeout(90_000);
  await signIn(page, STAFF.editor);
  await page.goto(EDITOR_URL);
  await expect(text(page, 1)).toHaveValue(EDIT_SEGMENTS[0]![3]);
  await expect(page.getByRole('heading', { name: t.editor_shortcuts })).toBeVisible();

  await text(page, 1).fill('Когда вы впервые приехали в Алма-Ату?');
  await expect(page.getByRole('status').filter({ hasText: /Unsaved changes|Saving/ })).toBeVisible();
  await saved(page);
  // Alt+↓ moves to the next segment without touching the text.
  await text(page, 1).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(text(page, 2)).toBeFocused();
  await expect(text(page, 1)).toHaveValue('Когда вы впервые приехали в Алма-Ату?');

  await page.reload();
  await expect(text(page, 1)).toHaveValue('Когда вы впервые приехали в Алма-Ату?');
  await expect(page.getByRole('region', { name: t.revisions_title })).toContainText(STAFF.editor.name);
  await page.screenshot({ path: info.outputPath('transcript-editor.png'), fullPage: true });
});

test('a stale save gets the conflict dialog, and the hand merge keeps both edits', async ({ browser }, info) => {
  // Two editors' sessions, three saves, a reload and an approval: it timed out at 30 s in a clean-clone run.
  test.setTimeout(120_000);
  const first = await browser.newContext();
  const second = await browser.newContext();
  const mine = await first.newPage();
  const theirs = await second.newPage();
  await signIn(mine, STAFF.editor);
  await signIn(theirs, STAFF.editor2);
  await mine.goto(CONFLICT_URL);
  await theirs.goto(CONFLICT_URL);

  // The second editor saves first…
  await text(theirs, 2).fill('В 1962 году, на учёбу в Казахский государственный университет.');
  await saved(theirs);
  // …so the first editor's save is made on a stale version.
  await text(mine, 2).fill('В шестьдесят втором году, поступать в университет.');
  const dialog = mine.getByRole('alertdialog', { name: t.conflict_title });
  await expect(dialog).toBeVisible({ timeout: 10_000 });
  await expect(dialog).toContainText('В шестьдесят втором году, поступать в университет.');
  await expect(dialog).toContainText('В 1962 году, на учёбу в Казахский государственный университет.');
  await mine.screenshot({ path: info.outputPath('conflict.png'), fullPage: true });

  const merged = 'В 1962 году, поступать в Казахский государственный университет.';
  await dialog.getByLabel('Merged text for segment 2').fill(merged);
  await dialog.getByRole('button', { name: t.conflict_save_merged }).click();
  await expect(dialog).toHaveCount(0);
  await saved(mine);

  await theirs.reload();
  await expect(text(theirs, 2)).toHaveValue(merged);
  const history = theirs.getByRole('region', { name: t.revisions_title });
  await expect(history).toContainText(STAFF.editor.name);
  await expect(history).toContainText(STAFF.editor2.name);

  // Approving is for editors, on the newest version.
  await expect(theirs.getByText(t.editor_unapproved_staff)).toBeVisible();
  await theirs.getByRole('button', { name: t.editor_approve }).click();
  await expect(theirs.getByText(t.editor_approved_public)).toBeVisible();
  await expect(theirs.getByText(t.editor_unapproved_staff)).toHaveCount(0);
  await first.close();
  await second.close();
});
