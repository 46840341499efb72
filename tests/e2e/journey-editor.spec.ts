/**
 * Journey 2, end to end: an editor corrects a segment of the journeys' interview while a second
 * editor's change to the same segment arrives through the API; the conflict dialog lets her keep
 * both, and the revision history shows both. She then builds a collection with a clip of that
 * interview and publishes it; an anonymous visitor reads it and the clip plays in place, only its range.
 */
import { expect, test, type Page } from '@playwright/test';
import { JOURNEY_IDS, JOURNEY_TITLE, STAFF } from './support/seed-data.js';
import { type MediaState, signIn, t } from './support/studio.js';

const segmentText = (page: Page, n: number) => page.getByRole('group', { name: new RegExp(`^Segment ${n} `) }).getByLabel(t.editor_text);
const savedState = (page: Page) => page.getByRole('status').filter({ hasText: /All changes saved/ });

interface Transcript {
  version: number;
  segments: { id: string; speaker: string | null; text: string }[];
}

/** GraphQL through the site, with the session cookie of the page's browser context. */
async function gql<T>(page: Page, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await page.request.post('/graphql', { data: { query, variables } });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!;
}

test('an editor resolves a conflicting correction, then publishes a collection whose clip plays in place', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const editorContext = await browser.newContext();
  const otherContext = await browser.newContext();
  const page = await editorContext.newPage();
  const other = await otherContext.newPage();
  await signIn(page, STAFF.editor);
  await signIn(other, STAFF.editor2);

  // From the interview in the studio to its transcript, beside the recording the worker made playable.
  await page.goto(`/en/studio/interviews/${JOURNEY_IDS.interview}`);
  await page.getByRole('link', { name: /Edit the transcript/ }).click();
  await expect(page).toHaveURL(new RegExp(`/en/studio/transcripts/${JOURNEY_IDS.transcript}$`));
  await expect(page.getByLabel(t.player_label, { exact: true })).toHaveAttribute('src', /.+/);
  // The seeded text on a fresh stack; read, not assumed, so a reused stack runs the journey again.
  await expect(segmentText(page, 2)).toHaveValue(/уйгуры, немцы/);
  const original = await segmentText(page, 2).inputValue();

  // Meanwhile the second editor fixes the same segment's speaker and the start of its text.
  const { transcript } = await gql<{ transcript: Transcript }>(other, 'query($id: ID!) { transcript(id: $id) { version segments { id speaker text } } }', {
    id: JOURNEY_IDS.transcript,
  });
  const theirText = `Во дворе: ${original}`;
  await gql(other, 'mutation($input: EditTranscriptInput!) { editTranscript(input: $input) { version } }', {
    input: {
      id: JOURNEY_IDS.transcript,
      version: transcript.version,
      summary: 'Speaker name and wording (second editor)',
      changes: [{ segmentId: transcript.segments[1]!.id, speaker: 'Гульнара Ахметова-Ким', text: theirText }],
    },
  });

  // The first editor adds to the end, on the version she loaded.
  const mine = `${original} Мы дружили.`;
  await segmentText(page, 2).fill(mine);
  const dialog = page.getByRole('alertdialog', { name: t.conflict_title });
  await expect(dialog).toBeVisible({ timeout: 10_000 });
  await expect(dialog).toContainText(mine);
  await expect(dialog).toContainText(theirText);
  await page.screenshot({ path: info.outputPath('journey-conflict.png'), fullPage: true });

  const merged = `Во дворе: ${original} Мы дружили.`;
  await dialog.getByLabel('Merged text for segment 2').fill(merged);
  await dialog.getByRole('button', { name: t.conflict_save_merged }).click();
  await expect(dialog).toHaveCount(0);
  await expect(savedState(page)).toBeVisible({ timeout: 10_000 });

  // Neither edit is lost: both words in the text, the second editor's speaker, both editors in the history.
  await page.reload();
  await expect(segmentText(page, 2)).toHaveValue(merged);
  const segment = page.getByRole('group', { name: /^Segment 2 / });
  await expect(segment.getByLabel(t.editor_speaker)).toHaveValue('Гульнара Ахметова-Ким');
  const history = page.getByRole('region', { name: t.revisions_title });
  // Newest first: her merged save, on top of the second editor's version.
  const [latest, before] = [history.getByRole('listitem').nth(0), history.getByRole('listitem').nth(1)];
  await expect(latest).toContainText(`— ${STAFF.editor.name},`);
  await expect(before).toContainText(`Speaker name and wording (second editor) — ${STAFF.editor2.name},`);
  // Corrected text is for staff until an editor approves it again: the second editor does, so the
  // public keeps its transcript, captions and exports (journey-teacher.spec.ts reads them).
  const corrected = await gql<{ transcript: { version: number } }>(other, 'query($id: ID!) { transcript(id: $id) { version } }', { id: JOURNEY_IDS.transcript });
  await gql(other, 'mutation($id: ID!, $version: Int!) { approveTranscript(id: $id, version: $version) { status } }', {
    id: JOURNEY_IDS.transcript,
    version: corrected.transcript.version,
  });
  await otherContext.close();

  // A collection with a clip of the corrected passage, published.
  await page.getByRole('navigation', { name: t.studio_nav_label }).getByRole('link', { name: t.studio_nav_collections }).click();
  const slug = `courtyard-voices-${Date.now()}`;
  await page.getByLabel('Title in English').fill('Courtyard voices (demo)');
  await page.getByLabel('Title in русский').fill('Голоса двора (демо)');
  await page.getByLabel(t.coll_slug).fill(slug);
  await page.getByRole('button', { name: t.coll_create }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Courtyard voices (demo)');
  await page.getByRole('button', { name: `+ ${t.block_text}` }).click();
  await page.getByRole('group', { name: 'Block 1: Text' }).getByLabel('Text in English').fill('Neighbours of many peoples shared one courtyard.');
  await page.getByRole('button', { name: `+ ${t.block_clip}` }).click();
  const clip = page.getByRole('group', { name: 'Block 2: Clip' });
  await clip.getByLabel(t.block_interview).selectOption(JOURNEY_IDS.interview);
  await clip.getByLabel(t.block_start).fill('8');
  await clip.getByLabel(t.block_end).fill('16');
  await clip.getByLabel('Caption in English').fill('Who lived in the courtyard');
  await page.getByRole('button', { name: t.coll_save }).click();
  await expect(page.getByRole('status').filter({ hasText: t.studio_saved })).toBeVisible();
  await page.getByRole('button', { name: t.coll_publish }).click();
  await expect(page.getByRole('link', { name: t.coll_published_at })).toHaveAttribute('href', new RegExp(`/collections/${slug}$`));
  await editorContext.close();

  // Anonymous: the public page, before any script, has the clip; then it plays from 0:08 and stops at 0:16.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const response = await visitor.goto(`/en/collections/${slug}`);
  expect(response?.status()).toBe(200);
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Courtyard voices (demo)');
  await expect(visitor.getByText('Who lived in the courtyard')).toBeVisible();
  const player = visitor.getByRole('figure').getByLabel(`Clip from “${JOURNEY_TITLE.en}”`);
  await expect(player).toHaveAttribute('src', /#t=8,16$/);
  await player.evaluate(async (el) => {
    const audio = el as unknown as MediaState;
    audio.muted = true;
    await audio.play();
  });
  await expect.poll(() => player.evaluate((el) => (el as unknown as MediaState).currentTime), { timeout: 10_000 }).toBeGreaterThan(8.5);
  await expect.poll(() => player.evaluate((el) => (el as unknown as MediaState).paused), { timeout: 15_000 }).toBe(true);
  const stoppedAt = await player.evaluate((el) => (el as unknown as MediaState).currentTime);
  expect(stoppedAt).toBeGreaterThanOrEqual(15.5);
  expect(stoppedAt).toBeLessThanOrEqual(16.3);
  await visitor.screenshot({ path: info.outputPath('journey-collection.png'), fullPage: true });
  await visitorContext.close();
});
