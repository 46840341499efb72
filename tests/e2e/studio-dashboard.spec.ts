import { expect, test } from '@playwright/test';
import { IDS, STAFF, STUDIO_TITLES, TEACHER } from './support/seed-data.js';
import { signIn, t } from './support/studio.js';

test('the studio sends anonymous visitors to sign in; teachers get their lessons and no staff page', async ({ page }) => {
  await page.goto('/en/studio');
  await expect(page).toHaveURL(/\/en\/sign-in\?redirectTo=%2Fen%2Fstudio$/);

  await page.getByLabel(t.sign_in_email).fill(TEACHER.email);
  await page.getByLabel(t.sign_in_password).fill(TEACHER.password);
  await page.getByRole('button', { name: t.sign_in_submit }).click();
  // A teacher's studio is "My lessons" (class links); every staff page is refused.
  await expect(page).toHaveURL(/\/en\/studio\/lessons$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.classlink_nav_lessons);
  await page.goto('/en/studio/collections');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.studio_forbidden_title);
  for (const path of ['/en/studio/collections', '/en/studio/interviews/new', '/en/studio/admin', `/en/studio/transcripts/${IDS.transcript}`]) {
    expect((await page.request.get(path)).status(), path).toBe(403);
  }
});

test('a researcher sees her interviews, a failed step in words, and retries it', async ({ page }) => {
  await signIn(page, STAFF.researcher);
  const mine = page.getByRole('region', { name: t.studio_my_interviews });
  const row = mine.getByRole('row').filter({ hasText: STUDIO_TITLES.researcherDraft.en });
  await expect(row).toContainText(t.status_draft);
  await expect(row).toContainText(t.access_private);
  await expect(row).toContainText(t.step_probe_media);
  await expect(row).toContainText('The file is not a recording that ffprobe can read');
  // Editors' review list is not hers.
  await expect(page.getByRole('heading', { name: t.studio_in_review })).toHaveCount(0);

  await row.getByRole('button', { name: new RegExp(t.job_retry) }).click();
  await expect(page.getByRole('status').filter({ hasText: t.job_retried })).toBeVisible();
  // The stack's worker takes the step at once (and skips it: the seeded job has no recording), so it
  // may already have moved on from Queued; what matters is that it started over and the error is gone.
  await expect(row).toContainText(new RegExp(`${t.step_probe_media}\\s*(${t.job_queued}|${t.job_running}|${t.job_succeeded})`));
  await expect(row).not.toContainText('The file is not a recording that ffprobe can read');
  await expect(row.getByRole('button', { name: new RegExp(t.job_retry) })).toHaveCount(0);
});

test('an editor sees the interviews waiting for review', async ({ page }) => {
  await signIn(page, STAFF.editor);
  const review = page.getByRole('region', { name: t.studio_in_review });
  await expect(review.getByRole('link', { name: STUDIO_TITLES.inReview.en })).toBeVisible();
  await expect(review).not.toContainText(IDS.publicInterview);
});
