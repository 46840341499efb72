/**
 * The reader's passage journey, end to end on the built site: on a public interview a research
 * passage (and the chapter over it) is marked withheld where it is, never what, and is silence in
 * the copy the public is served. A visitor follows the passage's "Request access", creates a reader
 * account, confirms it from the outbox and asks for that passage; an editor grants it in the studio;
 * the reader then reads the passage and is served the copy a researcher hears (nothing silenced);
 * the grant ended, it is withheld and silent again.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { MESSAGES } from './support/messages.js';
import { editorDecides, gql, mediaOf, signUpAndConfirm } from './support/reader.js';
import { JOURNEY_SEGMENTS, PARTS_IDS, PARTS_TITLE, STAFF } from './support/seed-data.js';
import { servedCopy } from './support/stack-db.js';
import { signIn } from './support/studio.js';

const t = MESSAGES.en;
const interviewPath = `/en/interviews/${PARTS_IDS.interview}`;
const parts = { id: PARTS_IDS.interview, title: PARTS_TITLE.en };
const SAMOVAR = JOURNEY_SEGMENTS[2]![3];
const mark = (page: Page, kind: 'passage' | 'chapter') => page.locator(`[data-withheld="${kind}"]`);

/** The copy this viewer is served, once the worker has cut it. */
async function copyFor(request: APIRequestContext) {
  await expect.poll(async () => (await mediaOf(request, PARTS_IDS.interview)).status, { timeout: 90_000 }).toBe(302);
  return servedCopy((await mediaOf(request, PARTS_IDS.interview)).location);
}

/** Before the grant and after it ends: marked in place with its time range and a request link, no text, silence in sound. */
async function withheld(page: Page) {
  await page.goto(interviewPath);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Stories of the courtyard');
  await expect(mark(page, 'passage')).toContainText(t.withheld_mark_passage.replace('{start}', '0:16').replace('{end}', '0:24'));
  await expect(mark(page, 'chapter')).toContainText(t.withheld_mark_chapter.replace('{start}', '0:16').replace('{end}', '0:24'));
  await expect(page.getByText(SAMOVAR)).toHaveCount(0);
  await expect(page.getByText('The samovar (demo)')).toHaveCount(0);
  await expect(page.getByText(JOURNEY_SEGMENTS[1]![3])).toBeVisible();
  const copy = await copyFor(page.request);
  // Cut for the public (and for every audience that hears the same silence, say "public,education").
  expect(copy?.audience?.split(',')).toContain('public');
  // The public copy silences the passage (its fingerprint names the silenced ranges; 'none' would be nothing).
  expect(copy?.silenced).not.toBe('none');
  return copy;
}

test('a reader asks for a withheld research passage through its mark; granted, they read and hear it; ended, it is withheld again', async ({ page, browser }, info) => {
  test.setTimeout(240_000);
  const email = `passage-reader-${Date.now()}@example.org`;
  const password = 'a passage reader’s password';

  // A visitor: the marks, and the public's copy with the passage silent.
  const publicCopy = await withheld(page);
  await page.screenshot({ path: info.outputPath('withheld-marks.png'), fullPage: true });
  await mark(page, 'passage').getByRole('link', { name: t.request_submit }).click();
  await expect(page).toHaveURL(new RegExp(`${PARTS_IDS.interview}/request-access\\?part=[0-9a-f]{24}$`));
  const partId = new URL(page.url()).searchParams.get('part')!;
  await expect(page.getByText(t.withheld_passage.replace('{audience}', t.withheld_audience_research))).toBeVisible();
  await expect(page.getByText(t.withheld_sign_in)).toBeVisible();
  await page.getByRole('link', { name: t.signup_title }).click();
  await signUpAndConfirm(page, email, password);

  // Signed in, the reader is still withheld the passage (the same copy as the public); asks through the mark.
  expect((await withheld(page))?.key).toBe(publicCopy?.key);
  await mark(page, 'passage').getByRole('link', { name: t.request_submit }).click();
  await expect(page).toHaveURL(new RegExp(`request-access\\?part=${partId}$`));
  await page.getByLabel(t.request_purpose).fill('A study of shared courtyards');
  await page.getByLabel(/For how many days/).fill('7');
  await page.getByRole('button', { name: t.request_submit }).click();
  await expect(page.getByRole('status')).toContainText(t.request_sent);
  const mine = await gql(page.request, `{ myAccessRequests { partId partKind state } }`);
  expect(mine.data!.myAccessRequests[0]).toEqual({ partId, partKind: 'segment', state: 'requested' });
  // Back on the interview, the marks say it is asked for and lead to the reader's requests, not to a second request.
  await page.goto(interviewPath);
  await expect(mark(page, 'passage')).toContainText(t.withheld_mark_asked);
  await expect(mark(page, 'passage').getByRole('link', { name: t.request_submit })).toHaveCount(0);
  await expect(mark(page, 'passage').getByRole('link', { name: t.requests_title })).toHaveAttribute('href', '/en/my-requests');

  const editorContext = await browser.newContext();
  const editor = await editorContext.newPage();
  await signIn(editor, STAFF.editor);
  await editorDecides(editor, parts, email, 'grant', { part: true });

  // Granted: the passage and its chapter are there, no mark; the copy served is the researchers' (nothing silenced).
  await page.goto(interviewPath);
  await expect(page.getByText(SAMOVAR)).toBeVisible();
  await expect(page.getByText('The samovar (demo)')).toBeVisible();
  await expect(page.locator('[data-withheld]')).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('granted.png'), fullPage: true });
  const researcher = await browser.newContext();
  const signedIn = await gql(researcher.request, `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, { e: STAFF.researcher.email, p: STAFF.researcher.password });
  expect(signedIn.errors).toBeUndefined();
  const researchCopy = await copyFor(researcher.request);
  await researcher.close();
  expect(researchCopy?.silenced).toBe('none');
  expect(researchCopy?.key).not.toBe(publicCopy?.key);
  expect((await copyFor(page.request))?.key).toBe(researchCopy?.key);

  // Ended early: withheld and silent again.
  await editorDecides(editor, parts, email, 'end');
  await withheld(page);
  await editorContext.close();
});
