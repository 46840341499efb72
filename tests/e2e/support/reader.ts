/**
 * Steps of the reader journeys (journey-reader*.spec.ts): a visitor becomes a confirmed reader through
 * the site and the outbox, an editor decides in the studio's queue, and what the media address serves.
 */
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { MESSAGES } from './messages.js';
import { mailTo } from './stack-db.js';

const t = MESSAGES.en;

export async function gql(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}) {
  const response = await request.post('/graphql', { data: { query, variables } });
  return (await response.json()) as { data?: Record<string, any>; errors?: { extensions?: { code?: string } }[] };
}

/** What /api/interviews/:id/media answers this viewer: a redirect to the copy cut for them, or 404. */
export async function mediaOf(request: APIRequestContext, interviewId: string) {
  const res = await request.get(`/api/interviews/${interviewId}/media`, { maxRedirects: 0 });
  return { status: res.status(), location: res.headers().location ?? '' };
}

/** From the sign-up page: the form, the confirmation mail in the outbox, its link; lands signed in on their requests page. */
export async function signUpAndConfirm(page: Page, email: string, password: string, name = 'Demo Reader') {
  await page.getByLabel(t.signup_name).fill(name);
  await page.getByLabel(t.sign_in_email).fill(email);
  await page.getByLabel(t.sign_in_password).fill(password);
  await page.getByRole('button', { name: t.signup_submit }).click();
  await expect(page.getByRole('status')).toContainText(email);

  const mail = await mailTo(email, 'confirm');
  const link = new URL(/https?:\/\/\S+confirm-email\?token=\S+/.exec(mail.text)![0]);
  await page.goto(link.pathname + link.search);
  await page.getByLabel(t.sign_in_password).fill(password);
  await page.getByRole('button', { name: t.confirm_submit }).click();
  await expect(page).toHaveURL(/\/en\/my-requests$/);
}

/** An editor grants (the date field's default: the days asked for) or ends the request of `email` in the studio's queue. */
export async function editorDecides(page: Page, interview: { id: string; title: string }, email: string, action: 'grant' | 'end', asked: { part?: boolean } = {}) {
  await page.goto(`/en/studio/access-requests?interview=${interview.id}`);
  const row = page.locator('li[data-request]').filter({ hasText: email }).first();
  await expect(row).toBeVisible();
  // The interview by its title, not its id.
  await expect(row.getByRole('link', { name: interview.title })).toBeVisible();
  // A request for one part is told, before it is granted, that the grant opens its level in the whole interview.
  if (action === 'grant') await expect(row.getByText(t.queue_part_scope)).toHaveCount(asked.part ? 1 : 0);
  await row.getByRole('button', { name: action === 'grant' ? t.queue_grant : t.queue_end }).click();
  await expect(page.getByRole('status').filter({ hasText: t.queue_done })).toBeVisible();
}
