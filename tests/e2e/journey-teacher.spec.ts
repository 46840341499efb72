/**
 * Journey 3, the part that exists on this branch: neither a teacher nor an anonymous visitor can
 * reach restricted material by URL. The research interview has a real recording (made playable by
 * the stack's worker) and a transcript, so every address below guards something that exists; each
 * must answer exactly as the same address of an interview that does not exist, and leak nothing.
 * (Searching in another script, opening the player at a hit and printing the lesson handout join
 * this journey when the search page and the handout stylesheet are merged.)
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { IDS, JOURNEY_IDS, RESEARCH_SECRET, STAFF, TEACHER } from './support/seed-data.js';
import { signIn, t } from './support/studio.js';

const ADDRESSES = (id: string) => [
  `/en/interviews/${id}`,
  `/ru/interviews/${id}?t=5`,
  `/api/interviews/${id}/media`,
  `/api/interviews/${id}/transcript.vtt`,
  `/api/interviews/${id}/transcript.srt`,
  `/api/interviews/${id}/transcript.txt`,
  `/api/interviews/${id}/ohms.xml`,
  `/iiif/interviews/${id}/manifest.json`,
];

interface Answer {
  status: number;
  location: string | null;
  body: string;
}

async function fetchAs(request: APIRequestContext, path: string): Promise<Answer> {
  const response = await request.get(path, { maxRedirects: 0 });
  return { status: response.status(), location: response.headers()['location'] ?? null, body: await response.text() };
}

/** The answers for a restricted id must equal those for a missing one, once the id itself is ignored. */
async function expectLikeMissing(request: APIRequestContext) {
  const missingPaths = ADDRESSES(IDS.missingInterview);
  for (const [i, restrictedPath] of ADDRESSES(IDS.researchInterview).entries()) {
    const missingPath = missingPaths[i]!;
    const restricted = await fetchAs(request, restrictedPath);
    const missing = await fetchAs(request, missingPath);
    expect([403, 404], `${restrictedPath} answered ${restricted.status}`).toContain(restricted.status);
    const same = (a: Answer, id: string) => ({ ...a, location: a.location?.replaceAll(id, 'ID') ?? null, body: a.body.replaceAll(id, 'ID') });
    expect(same(restricted, IDS.researchInterview), restrictedPath).toEqual(same(missing, IDS.missingInterview));
    expect(restricted.body).not.toContain(RESEARCH_SECRET);
    expect(restricted.body).not.toContain('closed notebook');
    expect(restricted.location ?? '').not.toMatch(/X-Amz|Signature=/);
  }
}

/** The same addresses of a public interview with a recording do answer, so the checks above can fail. */
async function expectPublicAnswers(request: APIRequestContext) {
  const [page, , media, vtt, srt, txt, ohms, iiif] = ADDRESSES(JOURNEY_IDS.interview);
  expect((await fetchAs(request, page!)).status).toBe(200);
  const redirect = await fetchAs(request, media!);
  expect(redirect.status).toBe(302);
  expect(redirect.location).toMatch(/^http/);
  for (const path of [vtt, srt, txt, ohms, iiif]) expect((await fetchAs(request, path!)).status, path).toBe(200);
}

async function signInAsTeacher(page: Page) {
  await page.goto('/en/sign-in');
  await page.getByLabel(t.sign_in_email).fill(TEACHER.email);
  await page.getByLabel(t.sign_in_password).fill(TEACHER.password);
  await page.getByRole('button', { name: t.sign_in_submit }).click();
  await expect(page.getByText(`Signed in as ${TEACHER.name}`)).toBeVisible();
}

test('an anonymous visitor gets the same not-found for every address of restricted material', async ({ page }) => {
  await expectPublicAnswers(page.request);
  await expectLikeMissing(page.request);
  // In the browser, too: the page a person sees is the one for a missing interview.
  const response = await page.goto(`/kk/interviews/${IDS.researchInterview}`);
  expect(response?.status()).toBe(404);
  await expect(page.locator('body')).not.toContainText(RESEARCH_SECRET);
});

test('a signed-in teacher cannot reach research material by URL either', async ({ page }) => {
  await signInAsTeacher(page);
  await expectPublicAnswers(page.request);
  await expectLikeMissing(page.request);
  // Nor through the studio or the API behind the site.
  expect((await page.request.get(`/en/studio/interviews/${IDS.researchInterview}`, { maxRedirects: 0 })).status()).toBe(403);
  expect((await page.request.get(`/en/studio/transcripts/${JOURNEY_IDS.researchTranscript}`, { maxRedirects: 0 })).status()).toBe(403);
  const answer = await page.request.post('/graphql', {
    data: { query: `{ transcript(id: "${JOURNEY_IDS.researchTranscript}") { id segments { text } } }` },
  });
  const body = await answer.text();
  expect(body).not.toContain(RESEARCH_SECRET);
  expect(JSON.parse(body).errors[0].extensions.code).toBe('NOT_FOUND');
});

test('a researcher does reach the same material, so the refusals above guard something real', async ({ page }) => {
  await signIn(page, STAFF.researcher);
  const [interviewPage, , media, vtt] = ADDRESSES(IDS.researchInterview);
  expect((await fetchAs(page.request, interviewPage!)).status).toBe(200);
  expect((await fetchAs(page.request, media!)).status).toBe(302);
  const captions = await fetchAs(page.request, vtt!);
  expect(captions.status).toBe(200);
  expect(captions.body).toContain(RESEARCH_SECRET);
});
