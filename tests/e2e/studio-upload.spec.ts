import { writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { STAFF } from './support/seed-data.js';
import { createInterview, signIn, silentWav, t, TINY_PDF } from './support/studio.js';

/** Storage's multipart part PUTs: presigned URLs carry partNumber and uploadId. */
const isPartPut = (url: URL) => url.searchParams.has('partNumber') && url.searchParams.has('uploadId');

test('a researcher creates an interview, uploads a release and a recording, and sees the pipeline start', async ({ page }, info) => {
  await signIn(page, STAFF.researcher);
  await createInterview(page, 'Upload journey (demo)');

  // The release: straight to storage, then recorded with what it permits.
  await page.getByLabel(t.release_file).setInputFiles({ name: 'release.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
  await expect(page.getByText('Uploaded: release.pdf')).toBeVisible();
  await page.getByLabel(t.release_permits).selectOption('research');
  await page.getByLabel(t.release_signed_on).fill('2025-09-01');
  await page.getByRole('button', { name: t.release_save }).click();
  await expect(page.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await expect(page.getByText('On file: release.pdf')).toBeVisible();

  // Two recordings at once through the file input, each with its own progress bar.
  await page.locator('input[type=file][multiple]').setInputFiles([
    { name: 'side-a.wav', mimeType: 'audio/wav', buffer: silentWav(64 * 1024) },
    { name: 'side-b.wav', mimeType: 'audio/wav', buffer: silentWav(32 * 1024) },
  ]);
  await expect(page.getByRole('progressbar', { name: 'side-a.wav: 100%' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('progressbar', { name: 'side-b.wav: 100%' })).toBeVisible();
  await expect(page.locator('.uploads .done')).toHaveCount(2);
  // Completing queues verification: the step appears (journey-researcher.spec.ts follows it to the end).
  const pipeline = page.getByRole('region', { name: t.pipeline_title });
  await expect(pipeline.getByText(t.step_verify_upload).first()).toBeVisible();
  await expect(page.getByRole('region', { name: t.media_title })).toContainText('side-a.wav');
  await page.screenshot({ path: info.outputPath('studio-interview.png'), fullPage: true });
});

test('an upload broken by a reload resumes with only the missing parts', async ({ page }, info) => {
  test.setTimeout(90_000);
  // 20 MiB: three parts of at most 8 MiB (the API's smallest part size).
  const path = info.outputPath('long-recording.wav');
  await writeFile(path, silentWav(20 * 1024 * 1024));
  await signIn(page, STAFF.researcher);
  await createInterview(page, 'Resumed upload (demo)');

  // Part 2 never gets an answer, as if the connection dropped; parts 1 and 3 arrive and are recorded.
  await page.route(
    (url) => isPartPut(url) && url.searchParams.get('partNumber') === '2',
    () => {},
  );
  const recorded = (n: number) =>
    page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes(`"partNumber":${n}`) && (r.request().postData() ?? '').includes('recordUploadedPart'));
  const both = Promise.all([recorded(1), recorded(3)]);
  await page.locator('input[type=file][multiple]').setInputFiles(path);
  await both;
  await expect(page.getByRole('progressbar', { name: /long-recording\.wav: (4\d|5\d|6\d)%/ })).toBeVisible();

  await page.reload();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await expect(page.getByRole('note').filter({ hasText: t.media_unfinished })).toContainText('long-recording.wav');

  const sent: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() === 'PUT' && isPartPut(url)) sent.push(url.searchParams.get('partNumber')!);
  });
  await page.locator('input[type=file][multiple]').setInputFiles(path);
  await expect(page.locator('.uploads .done')).toHaveCount(1, { timeout: 30_000 });
  expect(sent).toEqual(['2']);
  await expect(page.getByRole('note').filter({ hasText: t.media_unfinished })).toHaveCount(0);
  await expect(page.getByRole('region', { name: t.pipeline_title }).getByText(t.step_verify_upload)).toBeVisible();
});

test('three recordings dropped on the new-interview page become three interviews, each with its upload', async ({ page }, info) => {
  test.setTimeout(60_000);
  await signIn(page, STAFF.researcher);
  await page.getByRole('link', { name: t.studio_nav_new }).first().click();
  await page.getByLabel(t.field_date).fill('2025-10-02');
  await page.getByLabel(t.field_place).fill('Green Bazaar');
  const day = page.getByRole('region', { name: t.fieldday_title });
  // A file that is not a recording refuses the whole choice: nothing is created.
  await day.getByLabel(t.fieldday_choose).setInputFiles([
    { name: 'field-a.wav', mimeType: 'audio/wav', buffer: silentWav(16 * 1024) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') },
  ]);
  await expect(day.getByRole('alert')).toContainText('notes.txt');
  await expect(day.getByRole('link', { name: t.fieldday_open })).toHaveCount(0);

  await day.getByLabel(t.fieldday_choose).setInputFiles(
    ['field-a.wav', 'field-b.wav', 'field-c.wav'].map((name, i) => ({ name, mimeType: 'audio/wav', buffer: silentWav((16 + i) * 1024) })),
  );
  for (const name of ['field-a.wav', 'field-b.wav', 'field-c.wav']) {
    await expect(day.getByRole('progressbar', { name: `${name}: 100%` })).toBeVisible({ timeout: 15_000 });
  }
  const links = day.getByRole('link', { name: t.fieldday_open });
  await expect(links).toHaveCount(3);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(new Set(hrefs).size).toBe(3);
  await page.screenshot({ path: info.outputPath('field-day.png'), fullPage: true });

  // Each is its own interview, titled after its file, with the shared fields and its recording.
  await page.goto(hrefs[1]!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('field-b');
  await expect(page.getByRole('region', { name: t.media_title })).toContainText('field-b.wav');
  await expect(page.getByLabel(t.field_place)).toHaveValue('Green Bazaar');
});
