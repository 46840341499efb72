/**
 * Journey 3, the part that exists on this branch: neither a teacher nor an anonymous visitor can
 * reach restricted material by URL. The research interview has a real recording (made playable by
 * the stack's worker) and a transcript, so every address below guards something that exists; each
 * must answer exactly as the same address of an interview that does not exist, and leak nothing.
 * The teacher's and the visitor's way in comes first: a search typed in another script than the
 * transcript, the player opened at the hit, and (for the teacher) the lesson printed as a handout.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { pdfText } from './support/pdf-text.js';
import { IDS, JOURNEY_IDS, LESSON_TITLE, RESEARCH_SECRET, SITE_URL, SLUGS, STAFF, TEACHER } from './support/seed-data.js';
import { EDUCATION_TITLE, KAZAKH_SEGMENTS, KAZAKH_TITLE, RESEARCH_SEGMENTS, RESTRICTED_WORD, SEARCH_IDS } from './support/seed-search-data.js';
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

/**
 * The answers for a restricted id must equal those for a missing one, once the id itself is ignored.
 * Its pages are the exception (issue 13): a research-only interview is withheld, not hidden, so its
 * page sends the viewer to the "withheld" notice and its request form, which names nothing of it.
 */
async function expectLikeMissing(request: APIRequestContext) {
  const missingPaths = ADDRESSES(IDS.missingInterview);
  for (const [i, restrictedPath] of ADDRESSES(IDS.researchInterview).entries()) {
    const missingPath = missingPaths[i]!;
    if (restrictedPath.includes('/interviews/') && !restrictedPath.startsWith('/api/') && !restrictedPath.startsWith('/iiif/')) {
      const page = await fetchAs(request, restrictedPath);
      expect(page.status, restrictedPath).toBe(303);
      expect(page.location, restrictedPath).toMatch(new RegExp(`/interviews/${IDS.researchInterview}/request-access$`));
      const notice = await fetchAs(request, page.location!);
      expect(notice.body).not.toContain(RESEARCH_SECRET);
      expect(notice.body).not.toContain('closed notebook');
      continue;
    }
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

/** Types into the header's search box, as a visitor does from any page. */
async function searchFromHeader(page: Page, words: string) {
  const box = page.getByRole('search', { name: t.search_title });
  await box.getByRole('searchbox', { name: t.search_query_label }).fill(words);
  await box.getByRole('button', { name: t.search_nav }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.search_title);
}

/** Follows the hit of `title` at `seconds` and checks the player opened at that moment. */
async function openHitAt(page: Page, title: string, interviewId: string, seconds: number) {
  // The interview's own hit (by its title) comes with no time code; its moments do.
  const hit = page.locator('.hits > li').filter({ has: page.getByRole('heading', { level: 3, name: title }) });
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  await hit.getByRole('link', { name: t.interview_play_from.replace('{time}', clock) }).first().click();
  await expect(page).toHaveURL(new RegExp(`/en/interviews/${interviewId}\\?t=${seconds}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  // The share link names the moment (the very start needs no ?t=).
  await expect(page.getByLabel(t.interview_share_label)).toHaveValue(new RegExp(`${interviewId}${seconds ? `\\?t=${seconds}` : ''}$`));
}

test('a teacher searches in Latin for Cyrillic speech, opens the player at the hit, and prints the lesson handout', async ({ page }) => {
  await signInAsTeacher(page);
  // Education material is what a teacher is cleared for; research material stays out of the results.
  await searchFromHeader(page, RESTRICTED_WORD.latin);
  await expect(page.locator('.results')).toContainText(EDUCATION_TITLE.en);
  await expect(page.locator('.results')).not.toContainText(RESEARCH_SEGMENTS[0]![3]);
  await openHitAt(page, EDUCATION_TITLE.en, SEARCH_IDS.educationInterview, 0);

  // The English spelling meets the Kazakh word as it was spoken.
  await searchFromHeader(page, 'Kazakhstan');
  await openHitAt(page, KAZAKH_TITLE.en, SEARCH_IDS.kazakhInterview, KAZAKH_SEGMENTS[2]![0]);
  await expect(page.locator('.segments > li').nth(2)).toHaveAttribute('aria-current', 'true');

  // The lesson, printed: no player, the clip's typeable link at its second, the questions.
  await page.goto(`/en/collections/${SLUGS.lesson}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(LESSON_TITLE.en);
  await page.emulateMedia({ media: 'print' });
  for (const chrome of ['.site-header', '.clip .preparing', '.clip audio', '.clip video']) {
    for (const element of await page.locator(chrome).all()) await expect(element).toBeHidden();
  }
  const clipUrl = `${SITE_URL}/en/interviews/${IDS.publicInterview}?t=101`;
  await expect(page.getByRole('link', { name: clipUrl })).toBeVisible();
  const printed = pdfText(await page.pdf({ format: 'A4' })).replace(/\s+/g, '');
  expect(printed).toContain(clipUrl);
  expect(printed).toContain(t.handout_answers.replace(/\s+/g, ''));
  expect(printed).not.toContain(t.nav_sign_in.replace(/\s+/g, ''));
});

test('an anonymous visitor finds Kazakh speech by its Russian spelling and nothing restricted', async ({ page }) => {
  await page.goto('/ru');
  const box = page.getByRole('search').first();
  await box.getByRole('searchbox').fill('Казахстан');
  await box.getByRole('searchbox').press('Enter');
  await expect(page).toHaveURL(/\/ru\/search\?q=/);
  const hit = page.locator('.hits > li').filter({ hasText: KAZAKH_TITLE.ru }).first();
  await expect(hit.locator('mark').first()).toHaveText('Қазақстанның');
  await hit.locator(`a[href*="?t=${KAZAKH_SEGMENTS[2]![0]}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`/ru/interviews/${SEARCH_IDS.kazakhInterview}\\?t=${KAZAKH_SEGMENTS[2]![0]}$`));
  await expect(page.locator('.segments > li').nth(2)).toHaveAttribute('aria-current', 'true');

  await page.goto(`/en/search?q=${RESTRICTED_WORD.latin}`);
  await expect(page.getByRole('status')).toHaveText(t.search_count.replace('{q}', RESTRICTED_WORD.latin).replace('{count}', '0'));
  await expect(page.locator('body')).not.toContainText(EDUCATION_TITLE.en);
});

test('an anonymous visitor gets the same not-found for every address of restricted material', async ({ page }) => {
  await expectPublicAnswers(page.request);
  await expectLikeMissing(page.request);
  // In the browser, too: the page a person sees is the withheld notice, with nothing of the interview.
  await page.goto(`/kk/interviews/${IDS.researchInterview}`);
  await expect(page).toHaveURL(/request-access$/);
  await expect(page.locator('body')).not.toContainText(RESEARCH_SECRET);
});

test('a signed-in teacher cannot reach research material by URL either', async ({ page }) => {
  await signInAsTeacher(page);
  await expectPublicAnswers(page.request);
  await expectLikeMissing(page.request);
  // Nor through the studio or the API behind the site.
  expect((await page.request.get(`/en/studio/interviews/${IDS.researchInterview}`, { maxRedirects: 0 })).status()).toBe(403);
  expect((await page.request.get(`/en/studio/transcripts/${SEARCH_IDS.researchTranscript}`, { maxRedirects: 0 })).status()).toBe(403);
  const answer = await page.request.post('/graphql', {
    data: { query: `{ transcript(id: "${SEARCH_IDS.researchTranscript}") { id segments { text } } }` },
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
