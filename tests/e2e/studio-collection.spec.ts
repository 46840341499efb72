import { expect, test } from '@playwright/test';
import { IDS, PUBLIC_TITLE, STAFF } from './support/seed-data.js';
import { signIn, t } from './support/studio.js';

test('an editor builds a collection with a clip, reorders by keyboard, previews and publishes it', async ({ page }, info) => {
  await signIn(page, STAFF.editor);
  await page.getByRole('navigation', { name: t.studio_nav_label }).getByRole('link', { name: t.studio_nav_collections }).click();
  await page.getByLabel('Title in English').fill('Voices from Ushtobe (demo)');
  await page.getByLabel(t.coll_slug).fill('voices-from-ushtobe-demo');
  await page.getByRole('button', { name: t.coll_create }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Voices from Ushtobe (demo)');

  await page.getByRole('button', { name: `+ ${t.block_clip}` }).click();
  const clip = page.getByRole('group', { name: 'Block 1: Clip' });
  await clip.getByLabel(t.block_interview).selectOption(IDS.publicInterview);
  await clip.getByLabel(t.block_start).fill('101');
  await clip.getByLabel(t.block_end).fill('129');
  await clip.getByLabel('Caption in English').fill('The welcome in Ushtobe');
  await page.getByRole('button', { name: `+ ${t.block_text}` }).click();
  await page.getByRole('group', { name: 'Block 2: Text' }).getByLabel('Text in English').fill('In 1937 trains brought Korean families to Ushtobe.');

  // Reorder with the keyboard: the text goes first, and focus stays on the moved block.
  await page.getByRole('group', { name: 'Block 2: Text' }).getByRole('button', { name: /Move up/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Block 1: Text' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Block moved to position 1.' })).toBeAttached();
  await expect(page.getByRole('group', { name: 'Block 1: Text' }).getByRole('button', { name: /Move down/ })).toBeFocused();

  await page.getByRole('button', { name: t.coll_preview }).click();
  await expect(page.getByText(`Clip from “${PUBLIC_TITLE.en}”`)).toBeVisible();
  await expect(page.getByText('In 1937 trains brought Korean families to Ushtobe.')).toBeVisible();
  await page.screenshot({ path: info.outputPath('collection-preview.png'), fullPage: true });
  await page.getByRole('button', { name: t.coll_edit }).click();

  await expect(page.getByRole('button', { name: t.coll_publish })).toBeDisabled();
  await page.getByRole('button', { name: t.coll_save }).click();
  await expect(page.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Block 2: Clip' }).getByLabel(t.block_start)).toHaveValue('101');
  await page.screenshot({ path: info.outputPath('collection-builder.png'), fullPage: true });

  await page.getByRole('button', { name: t.coll_publish }).click();
  await page.getByRole('link', { name: t.coll_published_at }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Voices from Ushtobe (demo)');
  await expect(page.getByText('The welcome in Ushtobe')).toBeVisible();
});

test('an admin invites a user (the link is shown once) and sets roles', async ({ page }) => {
  await signIn(page, STAFF.admin);
  await page.getByRole('link', { name: t.studio_nav_admin }).click();
  await page.getByLabel(t.admin_name).fill('Invited Researcher (demo)');
  await page.getByLabel(t.admin_email).fill('invited.demo@example.org');
  await page.getByRole('group', { name: t.admin_roles, exact: true }).getByLabel(t.role_researcher).check();
  await page.getByRole('button', { name: t.admin_send_invite }).click();
  const link = page.getByRole('textbox', { name: t.admin_invite });
  await expect(link).toHaveValue(/\/en\/accept-invitation\?token=.+/);
  const invitation = await link.inputValue();
  await page.reload();
  await expect(page.getByRole('textbox', { name: t.admin_invite })).toHaveCount(0);

  // The invited person follows the link (in a browser of their own) and chooses a password.
  const invited = await (await page.context().browser()!.newContext()).newPage();
  await invited.goto(invitation);
  await invited.getByLabel(t.accept_password).fill('invented-demo-password-6');
  await invited.getByRole('button', { name: t.accept_submit }).click();
  await expect(invited.getByRole('status')).toContainText('Invited Researcher (demo)');
  await invited.context().close();

  const row = page.getByRole('row').filter({ hasText: STAFF.researcher.email });
  await row.getByLabel(t.role_editor).check();
  await row.getByRole('button', { name: new RegExp(t.admin_set_roles) }).click();
  await expect(row.getByRole('status')).toHaveText(t.studio_saved);
  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: STAFF.researcher.email }).getByLabel(t.role_editor)).toBeChecked();
  // Put it back, so the researcher stays a researcher for the other tests.
  const again = page.getByRole('row').filter({ hasText: STAFF.researcher.email });
  await again.getByLabel(t.role_editor).uncheck();
  await again.getByRole('button', { name: new RegExp(t.admin_set_roles) }).click();
  await expect(again.getByRole('status')).toHaveText(t.studio_saved);
});

test('an admin revokes an open invitation: its link then fails with a clear message', async ({ page, browser }) => {
  await signIn(page, STAFF.admin);
  await page.getByRole('link', { name: t.studio_nav_admin }).click();
  await page.getByLabel(t.admin_name).fill('Revoked Teacher (demo)');
  await page.getByLabel(t.admin_email).fill('revoked.demo@example.org');
  await page.getByRole('button', { name: t.admin_send_invite }).click();
  const invitation = await page.getByRole('textbox', { name: t.admin_invite }).inputValue();

  const open = page.getByRole('table', { name: t.admin_invitations });
  await open.getByRole('button', { name: `${t.admin_revoke} (revoked.demo@example.org)` }).click();
  await expect(page.getByRole('status').filter({ hasText: t.admin_invitation_revoked })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'revoked.demo@example.org' })).toHaveCount(0);

  const invited = await (await browser.newContext()).newPage();
  await invited.goto(invitation);
  await invited.getByLabel(t.accept_password).fill('invented-demo-password-7');
  await invited.getByRole('button', { name: t.accept_submit }).click();
  await expect(invited.getByRole('alert')).toContainText('revoked');
  await invited.context().close();
});
