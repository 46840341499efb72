import { expect, test } from '@playwright/test';
import { MESSAGES } from './support/messages.js';
import { IDS, RESEARCH_SECRET, TEACHER, WITHDRAWN_INTERVIEW } from './support/seed-data.js';

test('a hidden (withdrawn) interview looks exactly like a missing one', async ({ page }) => {
  const hidden = await page.goto(`/en/interviews/${WITHDRAWN_INTERVIEW}`);
  expect(hidden?.status()).toBe(404);
  const hiddenText = await page.locator('main').innerText();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(MESSAGES.en.error_not_found_title);

  const missing = await page.goto(`/en/interviews/${IDS.missingInterview}`);
  expect(missing?.status()).toBe(404);
  expect(await page.locator('main').innerText()).toBe(hiddenText);
  await expect(page.getByText('Withdrawn (demo)', { exact: false })).toHaveCount(0);
});

test('a research-only interview is withheld (issue 13): a notice and the way to ask, never what it holds', async ({ page }) => {
  await page.goto(`/en/interviews/${IDS.researchInterview}`);
  await expect(page).toHaveURL(/request-access$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(MESSAGES.en.withheld_title);
  await expect(page.getByText('closed notebook', { exact: false })).toHaveCount(0);
  await expect(page.getByText(RESEARCH_SECRET)).toHaveCount(0);
});

test('the API behind the site refuses it too', async ({ request }) => {
  const response = await request.post('/graphql', {
    data: { query: `{ interview(id: "${IDS.researchInterview}") { id } }` },
  });
  const body = await response.json();
  expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
});

test('a teacher cannot reach research material either', async ({ page }) => {
  await page.goto('/en/sign-in');
  await page.getByLabel(MESSAGES.en.sign_in_email).fill(TEACHER.email);
  await page.getByLabel(MESSAGES.en.sign_in_password).fill(TEACHER.password);
  await page.getByRole('button', { name: MESSAGES.en.sign_in_submit }).click();
  await expect(page.getByText(`Signed in as ${TEACHER.name}`)).toBeVisible();
  await page.goto(`/en/interviews/${IDS.researchInterview}`);
  // Withheld: the request form, none of the interview.
  await expect(page).toHaveURL(/request-access$/);
  await expect(page.getByRole('button', { name: MESSAGES.en.request_submit })).toBeVisible();
  await expect(page.getByText('closed notebook', { exact: false })).toHaveCount(0);
  await expect(page.getByText(RESEARCH_SECRET)).toHaveCount(0);
});
