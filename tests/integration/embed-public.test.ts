import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { asPublic, captionsUrl } from '../../web/src/lib/media.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

/**
 * An embed is shown on other sites to anyone: what it loads must be the public's view even when the
 * browser framing it carries an editor's session. The site builds the embed's URLs with asPublic;
 * the API answers those URLs as it answers the public.
 */
let archive: TestArchive;
let editor: { token: string };
let interviewId: string;

beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
  interviewId = await storedInterview(archive, { title: 'Open with a closed passage' });
  await archive.db.models.Transcript.create({
    status: 'approved',
    interviewId,
    language: 'kk',
    segments: [
      { start: 0, end: 2, text: 'Open words' },
      { start: 2, end: 4, text: 'A closed notebook passage', accessLevel: AccessLevel.research },
    ],
  });
});
afterAll(() => archive?.close());

const get = (path: string, token?: string) =>
  fetch(`${archive.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, redirect: 'manual' });

describe('embeds never use the visitor’s session', () => {
  it('captions of an embed are the public’s, an editor’s session notwithstanding', async () => {
    const captions = captionsUrl(interviewId, 'kk');
    // On the site, the editor reads the closed passage: the session is honoured there.
    expect(await (await get(captions, editor.token)).text()).toContain('A closed notebook passage');
    const embed = asPublic(captions);
    expect(embed).toMatch(/[?&]as=public$/);
    const asEditor = await (await get(embed, editor.token)).text();
    expect(asEditor).toContain('Open words');
    expect(asEditor).not.toContain('A closed notebook passage');
    expect(asEditor).toBe(await (await get(captions)).text());
  });

  it('an embed of an interview hidden from the public answers 404 to an editor too', async () => {
    const research = await storedInterview(archive, { accessLevel: 'research' });
    await archive.db.models.Transcript.create({ status: 'approved', interviewId: research, language: 'kk', segments: [{ start: 0, end: 1, text: 'staff only' }] });
    expect((await get(captionsUrl(research, 'kk'), editor.token)).status).toBe(200);
    for (const path of [asPublic(captionsUrl(research, 'kk')), asPublic(`/api/interviews/${research}/media`), asPublic(`/api/interviews/${research}/peaks.json`)]) {
      expect((await get(path, editor.token)).status, path).toBe(404);
    }
  });
});
