import { expect, test, type Locator } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MESSAGES } from './support/messages.js';
import { IDS, JOURNEY_SEGMENTS, PARTS_IDS, RECORDED_SEGMENTS, RECORDED_TITLE, SITE_URL, STAFF } from './support/seed-data.js';
import { signIn } from './support/studio.js';

const t = MESSAGES.en;

// The root tsconfig has no DOM library (server code must not see browser globals): what these
// tests touch of the <audio> element in the page is typed here.
interface Media {
  currentTime: number;
  readonly paused: boolean;
  readonly readyState: number;
  play(): Promise<void>;
}
const EMBED = `/en/embed/interviews/${IDS.recordedInterview}`;
const currentTime = (media: Locator) => media.evaluate((m: Media) => m.currentTime);
const paused = (media: Locator) => media.evaluate((m: Media) => m.paused);

test('the embed plays the interview from the start of the range and shows its transcript', async ({ page }) => {
  const response = await page.goto(`${EMBED}?t=20&end=40`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(RECORDED_TITLE.en);
  // A compact page for a frame: none of the site's header, navigation or footer.
  await expect(page.locator('.site-header, .site-footer, nav')).toHaveCount(0);
  const full = page.getByRole('link', { name: new RegExp(t.embed_open_full) });
  await expect(full).toHaveAttribute('target', '_blank');
  await expect(full).toHaveAttribute('href', `${SITE_URL}/en/interviews/${IDS.recordedInterview}?t=20&end=40`);

  // Only the part of the transcript the range covers: 15–30 and 30–45, the first one current.
  const segments = page.locator('.segments > li');
  await expect(segments).toHaveCount(2);
  await expect(segments.nth(0)).toContainText(RECORDED_SEGMENTS[1]![3]);
  await expect(segments.nth(1)).toContainText(RECORDED_SEGMENTS[2]![3]);
  await expect(segments.nth(0)).toHaveAttribute('aria-current', 'true');
  await expect(page.locator('.panel[lang="ru"]')).toBeVisible();

  const audio = page.locator('audio');
  await expect(audio.locator('track[kind="captions"]')).toHaveAttribute('src', `/api/interviews/${IDS.recordedInterview}/transcript.vtt?lang=ru&as=public`);
  await expect.poll(() => audio.evaluate((m: Media) => m.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  // The media fragment puts the player at the start of the range before anything is played.
  expect(await currentTime(audio)).toBeCloseTo(20, 0);

  await page.getByRole('heading', { level: 1 }).click(); // a user gesture, so the page may play
  await audio.evaluate((m: Media) => m.play());
  await expect.poll(() => currentTime(audio)).toBeGreaterThan(20.3);
  expect(await currentTime(audio)).toBeLessThan(30);
  expect(await paused(audio)).toBe(false);

  // Near the end of the range it stops by itself, and the transcript has followed.
  await audio.evaluate((m: Media) => (m.currentTime = 38.5));
  await expect(segments.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect.poll(() => paused(audio), { timeout: 8_000 }).toBe(true);
  expect(await currentTime(audio)).toBeGreaterThanOrEqual(39.5);
  expect(await currentTime(audio)).toBeLessThanOrEqual(40.5);
});

test('the embed marks a withheld passage where it is, and asks for it on the archive’s page in a window of its own', async ({ page }, info) => {
  const embed = `/en/embed/interviews/${PARTS_IDS.interview}`;
  expect((await page.goto(embed))?.status()).toBe(200);
  const mark = page.locator('[data-withheld="passage"]');
  await expect(mark).toHaveCount(1);
  await expect(mark).toContainText(t.withheld_mark_passage.replace('{start}', '0:16').replace('{end}', '0:24'));
  // That something is withheld and when, never what.
  await expect(page.getByText(JOURNEY_SEGMENTS[2]![3])).toHaveCount(0);
  await expect(page.getByText(JOURNEY_SEGMENTS[1]![3])).toBeVisible();
  // In time order: after the passage before it.
  const rows = page.locator('.segments > li');
  await expect(rows.last()).toHaveClass(/withheld/);
  await page.screenshot({ path: info.outputPath('embed-withheld.png') });

  const link = mark.getByRole('link', { name: new RegExp(t.request_submit) });
  await expect(link).toHaveAttribute('target', '_blank');
  const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
  await popup.waitForLoadState();
  expect(popup.url()).toMatch(new RegExp(`/en/interviews/${PARTS_IDS.interview}/request-access\\?part=[0-9a-f]{24}$`));
  await expect(popup.getByText(t.withheld_sign_in)).toBeVisible();
  // The frame stays as it was.
  expect(page.url()).toBe(`${SITE_URL}${embed}`);

  // A clip that ends before the passage shows no mark for it.
  await page.goto(`${embed}?t=0&end=12`);
  await expect(page.locator('.segments > li')).toHaveCount(2);
  await expect(page.locator('[data-withheld]')).toHaveCount(0);
});

test('the interview page plays a shared range only, and offers the code to embed it', async ({ page }) => {
  await page.goto(`/en/interviews/${IDS.recordedInterview}?t=20&end=40`);
  await expect(page.getByRole('note').filter({ hasText: 'Playing 0:20 to 0:40 only.' })).toBeVisible();
  await expect(page.getByLabel('Link to 0:20–0:40')).toHaveValue(`${SITE_URL}/en/interviews/${IDS.recordedInterview}?t=20&end=40`);

  const audio = page.locator('audio');
  await expect.poll(() => audio.evaluate((m: Media) => m.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  await page.getByRole('heading', { level: 1 }).click();
  await audio.evaluate((m: Media) => {
    m.currentTime = 38.5;
    return m.play();
  });
  await expect.poll(() => paused(audio), { timeout: 8_000 }).toBe(true);
  expect(await currentTime(audio)).toBeLessThanOrEqual(40.5);

  await page.getByText(t.embed_title).click();
  const code = await page.getByLabel(t.embed_code_label).inputValue();
  expect(code).toContain(`<iframe src="${SITE_URL}/en/embed/interviews/${IDS.recordedInterview}?t=20&amp;end=40"`);
  expect(code).toContain(`title="“${RECORDED_TITLE.en}”: player and transcript"`);

  // Choosing a moment outside the range leaves it: the whole interview plays from there.
  await page.getByText(RECORDED_SEGMENTS[3]![3]).click();
  await expect(page).toHaveURL(new RegExp(`\\?t=${RECORDED_SEGMENTS[3]![0]}$`));
  await expect(page.getByRole('note').filter({ hasText: 'Playing 0:20' })).toHaveCount(0);
  expect(await page.getByLabel(t.embed_code_label).inputValue()).not.toContain('end=');
});

test('a range link is made with a plain form, and a backwards range is explained', async ({ browser }) => {
  // Without JavaScript, as on a slow school network before the scripts arrive.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/en/interviews/${IDS.publicInterview}`);
  await page.getByText(t.embed_range_title).click();
  await page.getByLabel(t.embed_range_from, { exact: true }).fill('1:41');
  await page.getByLabel(t.embed_range_to, { exact: true }).fill('1:00');
  await page.getByRole('button', { name: t.embed_range_make }).click();
  await expect(page.getByRole('alert')).toHaveText(t.embed_range_invalid);
  await expect(page.getByLabel(t.embed_range_to, { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel(t.embed_range_to, { exact: true })).toHaveValue('1:00');

  await page.getByLabel(t.embed_range_to, { exact: true }).fill('2:38');
  await page.getByRole('button', { name: t.embed_range_make }).click();
  await expect(page.getByLabel('Link to 1:41–2:38')).toHaveValue(`${SITE_URL}/en/interviews/${IDS.publicInterview}?t=101&end=158`);
  await expect(page.locator('.segments > li').nth(5)).toHaveAttribute('aria-current', 'true');
  await context.close();
});

test('a restricted interview’s embed is a 404 for everyone, a signed-in editor included', async ({ page }) => {
  const restricted = await page.goto(`/en/embed/interviews/${IDS.researchInterview}`);
  expect(restricted?.status()).toBe(404);
  const restrictedText = await page.locator('body').innerText();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.error_not_found_title);
  const missing = await page.goto(`/en/embed/interviews/${IDS.missingInterview}`);
  expect(missing?.status()).toBe(404);
  expect(await page.locator('body').innerText()).toBe(restrictedText);

  // An editor may read the interview on the site, but an embed never shows it: what they would
  // copy onto another site is what everyone there would see.
  await signIn(page, STAFF.editor);
  expect((await page.goto(`/en/interviews/${IDS.researchInterview}`))?.status()).toBe(200);
  const asEditor = await page.goto(`/en/embed/interviews/${IDS.researchInterview}`);
  expect(asEditor?.status()).toBe(404);
  expect(await page.locator('body').innerText()).toBe(restrictedText);
  await expect(page.getByText('closed notebook', { exact: false })).toHaveCount(0);
});

test('only the embed may be framed by other sites, and it sets no cookie', async ({ request }) => {
  const embed = await request.get(`${EMBED}?t=20&end=40`);
  expect(embed.status()).toBe(200);
  expect(embed.headers()['content-security-policy']).toMatch(/frame-ancestors \*(;|$)/);
  expect(embed.headers()['set-cookie']).toBeUndefined();

  const interview = await request.get(`/en/interviews/${IDS.recordedInterview}`);
  expect(interview.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  for (const path of ['/en', `/en/collections/history-of-the-ethnic-groups-of-almaty-demo`, '/en/sign-in']) {
    expect((await request.get(path)).headers()['content-security-policy'], path).toContain("frame-ancestors 'none'");
  }
});

test('a page on another site shows the embed in a frame, but not the interview page', async ({ page }) => {
  // The partner's page is served by a server of its own at http://localhost:<port>: another origin and
  // another site than the archive's http://127.0.0.1, and still on this machine (Chromium asks before a
  // public page may frame a local address, so a made-up public host would test that instead).
  const html = `<!doctype html><html lang="en"><title>Lesson</title><h1>Our lesson</h1>
    <iframe id="embed" title="Player" src="${SITE_URL}${EMBED}?t=20&amp;end=40" width="600" height="480"></iframe>
    <iframe id="full" title="Interview" src="${SITE_URL}/en/interviews/${IDS.recordedInterview}" width="600" height="480"></iframe>`;
  const partner = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((ok) => partner.listen(0, '127.0.0.1', ok));
  try {
    const refused = page.waitForEvent('console', (message) => /frame-ancestors/.test(message.text()));
    await page.goto(`http://localhost:${(partner.address() as AddressInfo).port}/lesson.html`);
    const embed = page.frameLocator('#embed');
    await expect(embed.getByRole('heading', { level: 1 })).toHaveText(RECORDED_TITLE.en);
    await expect(embed.locator('.segments > li')).toHaveCount(2);
    expect((await refused).text()).toContain("'none'");
    await expect(page.frameLocator('#full').getByRole('heading', { level: 1 })).toHaveCount(0);
  } finally {
    partner.close();
  }
});
