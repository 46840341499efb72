import { expect, test, type Page } from '@playwright/test';
import { MESSAGES } from './support/messages.js';
import { PUBLIC_TITLE, TEACHER } from './support/seed-data.js';
import { DOMBYRA_SEGMENTS, EDUCATION_TITLE, KAZAKH_SEGMENTS, KAZAKH_TITLE, RESTRICTED_WORD, SEARCH_IDS } from './support/seed-search-data.js';

const t = MESSAGES.en;
const hits = (page: Page) => page.locator('.hits > li');
const status = (page: Page) => page.getByRole('status');
/** The count the page announces, read back from its text. */
async function announced(page: Page): Promise<number> {
  const text = (await status(page).innerText()).trim();
  return Number(/(\d+)\s*$/.exec(text)?.[1] ?? NaN);
}

test('a visitor types Latin for a Cyrillic transcript and the hit opens the player at that second', async ({ page }) => {
  await page.goto('/en');
  // The header's box, on every page.
  const box = page.getByRole('search', { name: t.search_title });
  await box.getByRole('searchbox', { name: t.search_query_label }).fill('Qazaqstan');
  await box.getByRole('button', { name: t.search_nav }).click();
  await expect(page).toHaveURL(/\/en\/search\?q=Qazaqstan$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.search_title);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', t.search_intro);
  await expect(status(page)).toHaveText(t.search_count.replace('{q}', 'Qazaqstan').replace('{count}', '1'));

  const [start, , , said] = KAZAKH_SEGMENTS[2]!;
  const hit = hits(page).first();
  await expect(hit.getByRole('heading', { level: 3 })).toHaveText(KAZAKH_TITLE.en);
  await expect(hit).toContainText('Askar Seitov (demo)');
  await expect(hit).toContainText(t.search_kind_segment);
  // The snippet is the transcript's words, the matched one marked, in the script it was spoken in.
  await expect(hit.locator('.snippet')).toHaveText(said);
  await expect(hit.locator('mark')).toHaveText('Қазақстанның');

  await hit.getByRole('link', { name: t.interview_play_from.replace('{time}', '0:37') }).click();
  await expect(page).toHaveURL(new RegExp(`/en/interviews/${SEARCH_IDS.kazakhInterview}\\?t=${start}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(KAZAKH_TITLE.en);
  // The player is at that second: the segment said then is current, and the share link points there.
  await expect(page.locator('.segments > li').nth(2)).toHaveAttribute('aria-current', 'true');
  await expect(page.getByLabel(t.interview_share_label)).toHaveValue(new RegExp(`${SEARCH_IDS.kazakhInterview}\\?t=${start}$`));
});

test('a facet narrows the results to exactly its count, and the back button undoes it', async ({ page }) => {
  await page.goto('/en/search?q=Almaty');
  const total = await announced(page);
  expect(total).toBeGreaterThan(1);
  const kazakhs = page.getByRole('group', { name: t.search_facet_ethnicGroups }).getByRole('checkbox', { name: /^Kazakhs \(\d+\)$/ });
  const label = await page.locator(`label[for="${await kazakhs.getAttribute('id')}"]`).innerText();
  const count = Number(/\((\d+)\)/.exec(label)![1]);
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(total);

  await kazakhs.check();
  await page.getByRole('button', { name: t.search_apply }).click();
  await expect(page).toHaveURL(/[?&]group=[0-9a-f]{24}/);
  await expect(page.getByRole('checkbox', { name: /^Kazakhs/ })).toBeChecked();
  expect(await announced(page)).toBe(count);
  await expect(hits(page)).toHaveCount(count);
  // Every hit left is of the Kazakh interview: the Korean family's story is gone.
  await expect(page.locator('.results')).not.toContainText(PUBLIC_TITLE.en);
  await expect(page.locator('.results')).toContainText(KAZAKH_TITLE.en);

  await page.goBack();
  await expect(page).toHaveURL(/\/en\/search\?q=Almaty$/);
  expect(await announced(page)).toBe(total);
});

test('with no hits the page says so and offers to remove the filters in force', async ({ page }) => {
  await page.goto('/en/search?q=Almaty');
  await page.getByRole('checkbox', { name: /^Koreans/ }).check();
  await page.getByRole('button', { name: t.search_apply }).click();
  // A new search keeps the filters: they belong to the same form.
  await page.getByRole('searchbox', { name: t.search_query_label }).fill('Qazaqstan');
  await page.getByRole('searchbox', { name: t.search_query_label }).press('Enter');
  await expect(page).toHaveURL(/q=Qazaqstan/);
  await expect(status(page)).toHaveText(t.search_count.replace('{q}', 'Qazaqstan').replace('{count}', '0'));
  await expect(page.getByRole('heading', { name: t.search_none_title.replace('{q}', 'Qazaqstan') })).toBeVisible();
  await page.getByRole('link', { name: t.search_remove_filter.replace('{name}', 'Koreans') }).click();
  await expect(page).not.toHaveURL(/group=/);
  expect(await announced(page)).toBe(1);
});

test('an invalid query gets a message that says what to fix', async ({ page }) => {
  await page.goto(`/en/search?q=${'a'.repeat(301)}`);
  await expect(page.getByRole('alert')).toContainText(t.search_invalid_title);
  await expect(page.getByRole('alert')).toContainText(t.search_invalid_hint);
  await expect(hits(page)).toHaveCount(0);
});

test('restricted material never shows for an anonymous visitor: no hit, snippet or count', async ({ page, request }) => {
  for (const q of [RESTRICTED_WORD.latin, RESTRICTED_WORD.cyrillic]) {
    await page.goto(`/en/search?q=${encodeURIComponent(q)}`);
    await expect(status(page)).toHaveText(t.search_count.replace('{q}', q).replace('{count}', '0'));
    await expect(hits(page)).toHaveCount(0);
    await expect(page.locator('.filters input[type=checkbox]')).toHaveCount(0);
    const results = await page.locator('.results').innerText();
    // The education interview, the research transcript and the private passage of a public interview.
    for (const secret of [EDUCATION_TITLE.en, 'closed notebook', 'исследовател', 'Сарыжазе', 'Сарыжаздағы']) expect(results).not.toContain(secret);
  }
  // The API the page asks says the same: nothing, not even in the facet counts.
  const response = await request.post('/graphql', {
    data: { query: `{ search(q: "${RESTRICTED_WORD.latin}") { total hits { interviewId } facets { values { count } } } }` },
  });
  const { data } = await response.json();
  expect(data.search.total).toBe(0);
  expect(data.search.facets.flatMap((f: { values: unknown[] }) => f.values)).toEqual([]);

});

test('a teacher finds education material, but still no research or private words', async ({ page }) => {
  await page.goto('/en/sign-in');
  await page.getByLabel(t.sign_in_email).fill(TEACHER.email);
  await page.getByLabel(t.sign_in_password).fill(TEACHER.password);
  await page.getByRole('button', { name: t.sign_in_submit }).click();
  await expect(page.getByText(`Signed in as ${TEACHER.name}`)).toBeVisible();

  await page.goto(`/en/search?q=${RESTRICTED_WORD.latin}`);
  // The interview by its title, and the moment its transcript says the word: nothing else.
  await expect(status(page)).toHaveText(t.search_count.replace('{q}', RESTRICTED_WORD.latin).replace('{count}', '2'));
  await expect(hits(page).getByRole('heading', { level: 3 })).toHaveText([EDUCATION_TITLE.en, EDUCATION_TITLE.en]);
  const moment = hits(page).filter({ hasText: t.search_kind_segment });
  await expect(moment.locator('mark')).toHaveText('Сарыжазе');
  await expect(moment.getByRole('link', { name: t.interview_play_from.replace('{time}', '0:00') })).toHaveAttribute(
    'href',
    `/en/interviews/${SEARCH_IDS.educationInterview}?t=0`,
  );
  const results = await page.locator('.results').innerText();
  for (const secret of ['closed notebook', 'исследовател', 'Сарыжаздағы']) expect(results).not.toContain(secret);
});

test('search, filters and time codes work with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const kk = MESSAGES.kk;
  await page.goto('/kk/browse');
  await page.getByRole('searchbox', { name: kk.search_query_label }).fill('Almaty');
  await page.getByRole('searchbox', { name: kk.search_query_label }).press('Enter');
  await expect(page).toHaveURL(/\/kk\/search\?q=Almaty$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(kk.search_title);
  expect(await announced(page)).toBeGreaterThan(1);
  // No JavaScript is shipped to this page at all.
  expect(await page.locator('script[src], link[rel="modulepreload"]').count()).toBe(0);

  await page.getByRole('group', { name: kk.search_facet_languages }).getByRole('checkbox', { name: /^Қазақ/ }).check();
  await page.getByRole('button', { name: kk.search_apply }).click();
  await expect(page).toHaveURL(/language=kk/);
  await expect(hits(page)).toHaveCount(1);
  await hits(page).first().getByRole('link', { name: kk.interview_play_from.replace('{time}', '0:14') }).click();
  await expect(page).toHaveURL(new RegExp(`/kk/interviews/${SEARCH_IDS.kazakhInterview}\\?t=14$`));
  await expect(page.locator('.segments > li').nth(1)).toHaveAttribute('aria-current', 'true');
  await context.close();
});

test('the header search box is there in every language and leads to the search page', async ({ page }) => {
  for (const lang of ['kk', 'ru'] as const) {
    const m = MESSAGES[lang];
    await page.goto(`/${lang}/interviews`);
    await page.getByRole('search', { name: m.search_title }).getByRole('searchbox', { name: m.search_query_label }).fill('Уштобе');
    await page.getByRole('button', { name: m.search_nav }).click();
    await expect(page).toHaveURL(new RegExp(`/${lang}/search\\?q=`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.search_title);
    await expect(hits(page).first()).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  }
});

test('transcript text that looks like markup is shown as text, never run', async ({ page }) => {
  await page.goto('/en/search?q=kitapty');
  const snippet = hits(page).first().locator('.snippet');
  await expect(snippet).toContainText('<b>');
  await expect(snippet).toContainText('<img src=x');
  await expect(snippet.locator('b, img')).toHaveCount(0);
  await expect(snippet.locator('mark')).toHaveText('кітапты');
  expect(await page.title()).not.toBe('pwned');
});

test('more hits than a page holds go on a second page, numbered on', async ({ page }) => {
  await page.goto('/en/search?q=dombyra&sort=date_asc');
  await expect(status(page)).toHaveText(t.search_count.replace('{q}', 'dombyra').replace('{count}', String(DOMBYRA_SEGMENTS.length)));
  await expect(hits(page)).toHaveCount(20);
  const pager = page.getByRole('navigation', { name: t.search_pages });
  await expect(pager).toContainText(t.search_page_of.replace('{page}', '1').replace('{pages}', '2'));
  await pager.getByRole('link', { name: new RegExp(t.search_next) }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page).toHaveURL(/sort=date_asc/);
  await expect(hits(page)).toHaveCount(DOMBYRA_SEGMENTS.length - 20);
  await expect(page.locator('ol.hits')).toHaveAttribute('start', '21');
  await pager.getByRole('link', { name: new RegExp(t.search_prev) }).click();
  await expect(page).not.toHaveURL(/page=/);
  await expect(hits(page)).toHaveCount(20);
});
