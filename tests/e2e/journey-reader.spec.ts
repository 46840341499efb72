/**
 * The reader's journey, end to end on the built site: a visitor finds a research-only interview
 * withheld, creates a reader account, confirms it from the outbox (the test mailer's), and asks for
 * it; an editor grants it for a week in the studio; the reader then sees it, is served its research
 * copy, finds it in search and sees the grant on their requests page; the editor ends it and it closes
 * again everywhere; a withdrawn interview cannot be asked for at all.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { MESSAGES } from './support/messages.js';
import { editorDecides as decides, gql, mediaOf, signUpAndConfirm } from './support/reader.js';
import { copyAudience, mailTo } from './support/stack-db.js';
import { IDS, STAFF, WITHDRAWN_INTERVIEW } from './support/seed-data.js';
import { signIn } from './support/studio.js';

const t = MESSAGES.en;
const interviewPath = `/en/interviews/${IDS.researchInterview}`;

const findsIt = async (request: APIRequestContext) =>
  ((await gql(request, `{ search(q: "closed notebook", first: 20) { hits { interviewId } } }`)).data?.search.hits as { interviewId: string }[]).some(
    (h) => h.interviewId === IDS.researchInterview,
  );
const media = (request: APIRequestContext) => mediaOf(request, IDS.researchInterview);
const editorDecides = (page: Parameters<typeof decides>[0], email: string, action: 'grant' | 'end') =>
  decides(page, { id: IDS.researchInterview, title: 'A closed notebook' }, email, action);

test('a visitor signs up, confirms, asks; an editor grants a week; the reader sees, hears and finds it; ended, it closes again', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const email = `reader-${Date.now()}@example.org`;
  const password = 'a reader’s journey password';

  // Withheld, never what: the notice and the way to an account, no title.
  await page.goto(interviewPath);
  await expect(page).toHaveURL(new RegExp(`${IDS.researchInterview}/request-access$`));
  await expect(page.getByRole('heading', { name: t.withheld_title })).toBeVisible();
  await expect(page.getByText('A closed notebook')).toHaveCount(0);
  await page.getByRole('link', { name: t.signup_title }).click();

  await signUpAndConfirm(page, email, password);
  await expect(page.getByText(t.requests_empty)).toBeVisible();

  // Signed in: the form.
  await page.goto(interviewPath);
  await expect(page).toHaveURL(/request-access$/);
  await page.getByLabel(t.request_purpose).fill('A family history of the 1937 deportation');
  await page.getByLabel(t.request_institution).fill('Demo University');
  await page.getByLabel(/For how many days/).fill('7');
  await page.getByRole('button', { name: t.request_submit }).click();
  await expect(page.getByRole('status')).toContainText(t.request_sent);
  expect((await media(page.request)).status).toBe(404);
  expect(await findsIt(page.request)).toBe(false);

  // The editor grants it for the week asked for (the date field's default).
  const editorContext = await browser.newContext();
  const editor = await editorContext.newPage();
  await signIn(editor, STAFF.editor);
  await editorDecides(editor, email, 'grant');
  expect((await mailTo(email, 'access.granted')).subject).toContain('A closed notebook');

  // The reader sees it, is served the research copy of its recording, finds it, sees the grant.
  await page.goto(interviewPath);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('A closed notebook');
  await expect.poll(async () => (await media(page.request)).status, { timeout: 60_000 }).toBe(302);
  // The copy a researcher is served (this interview withholds no passage, so it is the one cut for
  // research clearance: nothing silenced), never a copy cut for the public.
  const researcher = await browser.newContext();
  const signedIn = await gql(researcher.request, `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, { e: STAFF.researcher.email, p: STAFF.researcher.password });
  expect(signedIn.errors).toBeUndefined();
  const readerCopy = await copyAudience((await media(page.request)).location);
  expect(readerCopy).not.toBeNull();
  expect(readerCopy).toBe(await copyAudience((await media(researcher.request)).location));
  await researcher.close();
  expect(await findsIt(page.request)).toBe(true);
  await page.goto('/en/my-requests');
  await expect(page.locator('li[data-state="granted"]')).toContainText(t.state_granted);

  // Ended early: closed again on every path.
  await editorDecides(editor, email, 'end');
  await page.goto(interviewPath);
  await expect(page).toHaveURL(/request-access$/);
  expect((await media(page.request)).status).toBe(404);
  expect(await findsIt(page.request)).toBe(false);
  await page.goto('/en/my-requests');
  await expect(page.locator('li[data-state="ended"]')).toContainText(t.state_ended);

  // A withdrawn interview: no form, and the API refuses a request outright.
  const withdrawn = await page.goto(`/en/interviews/${WITHDRAWN_INTERVIEW}/request-access`);
  expect(withdrawn!.status()).toBe(404);
  const asked = await gql(page.request, `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id } }`, {
    input: { interviewId: WITHDRAWN_INTERVIEW, purpose: 'Anything', days: 7 },
  });
  expect(asked.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  await editorContext.close();
});
