/**
 * Journey 1, end to end on the built site with the stack's real worker: a researcher signs in,
 * creates an interview, uploads its release and a recording (dropped on the page), and watches
 * every pipeline step finish without reloading; then the access copy plays in the studio.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { STAFF } from './support/seed-data.js';
import { createInterview, type MediaState, signIn, t, TINY_PDF } from './support/studio.js';

const STEPS = [t.step_verify_upload, t.step_probe_media, t.step_make_access_copies, t.step_transcribe, t.step_index_interview];

/** Drops a file on the upload area as a person dragging it from their desktop would. */
async function dropFile(page: Page, target: string, name: string, type: string, bytes: Buffer) {
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name, type }) => {
      // The browser's own classes (these tests compile without the DOM library).
      const web = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
      };
      const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new web.DataTransfer();
      transfer.items.add(new web.File([raw], name, { type }));
      return transfer;
    },
    { base64: bytes.toString('base64'), name, type },
  );
  await page.locator(target).dispatchEvent('dragover', { dataTransfer });
  await page.locator(target).dispatchEvent('drop', { dataTransfer });
}

test('a researcher creates an interview, uploads a release and a recording, and sees the pipeline finish', async ({ page }, info) => {
  // Long: the worker really verifies, transcodes and transcribes; on a busy machine that takes minutes.
  test.setTimeout(240_000);
  // Four seconds of a beeping tone, made here with ffmpeg: a real recording for every step to work on.
  const wavPath = info.outputPath('first-recording.wav');
  await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:beep_factor=3:duration=4', '-ar', '22050', '-ac', '1', wavPath]);

  await signIn(page, STAFF.researcher);
  const title = `Journey of a recording ${Date.now()} (demo)`;
  await createInterview(page, title);
  const interviewUrl = page.url();

  await page.getByLabel(t.release_file).setInputFiles({ name: 'signed-release.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
  // The upload goes to storage and is confirmed by the API: more than the default 5 s on a loaded machine.
  await expect(page.getByText('Uploaded: signed-release.pdf')).toBeVisible({ timeout: 20_000 });
  await page.getByLabel(t.release_permits).selectOption('public');
  await page.getByLabel(t.release_signed_on).fill('2025-09-01');
  await page.getByRole('button', { name: t.release_save }).click();
  await expect(page.getByText('On file: signed-release.pdf')).toBeVisible({ timeout: 20_000 });

  await dropFile(page, '.drop', 'first-recording.wav', 'audio/wav', await readFile(wavPath));
  await expect(page.getByRole('progressbar', { name: 'first-recording.wav: 100%' })).toBeVisible({ timeout: 20_000 });

  // The page follows the worker by itself: every step ends Done, and nothing failed on the way.
  const pipeline = page.getByRole('region', { name: t.pipeline_title });
  for (const step of STEPS) {
    await expect(pipeline.getByRole('listitem').filter({ hasText: step }).filter({ hasText: t.job_succeeded }).first()).toBeVisible({ timeout: 90_000 });
  }
  // Indexing runs twice (after the copies and after the transcript): finished means nothing left waiting or running.
  await expect(pipeline).not.toContainText(t.job_queued, { timeout: 90_000 });
  await expect(pipeline).not.toContainText(t.job_running, { timeout: 90_000 });
  await expect(pipeline).not.toContainText(t.job_failed);
  await expect(page.getByRole('region', { name: t.media_title })).toContainText(`first-recording.wav`);
  // The files say what each is: the recording as received, and the copies the worker made from it.
  const files = page.getByRole('region', { name: t.media_title }).locator('.files > li');
  await expect(files.filter({ hasText: 'first-recording.wav' }).filter({ hasText: t.media_kind_master })).toHaveCount(1);
  await expect(files.filter({ hasText: t.media_kind_access_audio })).toHaveCount(1);
  await expect(files.filter({ hasText: t.media_kind_waveform })).toHaveCount(1);
  expect(page.url()).toBe(interviewUrl);

  // The dashboard lists the interview with its finished pipeline.
  await page.getByRole('navigation', { name: t.studio_nav_label }).getByRole('link', { name: t.studio_nav_dashboard }).click();
  const row = page.getByRole('region', { name: t.studio_my_interviews }).getByRole('row').filter({ hasText: title });
  await expect(row).toContainText(t.step_transcribe);
  await expect(row).not.toContainText(t.job_queued);
  await row.getByRole('link', { name: title }).click();

  // Whisper's draft is there to correct, beside the access copy, which plays.
  await page.getByRole('link', { name: /Edit the transcript/ }).click();
  const player = page.getByLabel(t.player_label, { exact: true });
  await expect(player).toHaveAttribute('src', /.+/);
  await page.keyboard.press('Alt+KeyK');
  await expect.poll(() => player.evaluate((el) => (el as unknown as MediaState).currentTime), { timeout: 10_000 }).toBeGreaterThan(0.5);
  expect(await player.evaluate((el) => Math.round((el as unknown as MediaState).duration))).toBe(4);
});
