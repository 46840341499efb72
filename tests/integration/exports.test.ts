import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { parseOhmsXml, parseSrt, parseVtt } from '../../shared/formats/index.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedAccessCopy, storedInterview } from '../support/factories.js';
import { MEDIA_LINK_SECONDS } from '../../server/src/exports/export.service.js';

let archive: TestArchive;
let open: string;
let restricted: string;
let staffToken: string;

beforeAll(async () => {
  archive = await startTestArchive();
  staffToken = (await archive.userWithRoles([Role.editor])).token;
  open = await storedInterview(archive, { title: 'Open' });
  restricted = await storedInterview(archive, { accessLevel: 'research', title: 'Research only' });
  await archive.db.models.Interview.updateOne(
    { _id: open },
    {
      $set: {
        indexSegments: [
          { start: 0, title: { en: 'Arrival in Alma-Ata' }, synopsis: { en: 'The train' }, keywords: ['train', 'Alma-Ata'] },
          { start: 4, title: { en: 'A closed chapter' }, accessLevel: 'research' },
        ],
      },
    },
  );
  await archive.db.models.Transcript.create({
    status: 'approved',
    interviewId: open,
    language: 'kk',
    segments: [
      { start: 0, end: 2.5, speaker: 'Narrator', text: 'Біз Алматыға 1937 жылы келдік.' },
      { start: 2.5, end: 4, text: 'A passage the release closes', accessLevel: AccessLevel.research },
      { start: 4, end: 6.25, speaker: 'Interviewer', text: 'Рахмет & <сау болыңыз>' },
    ],
  });
  await archive.db.models.Transcript.create({ status: 'approved', interviewId: restricted, language: 'kk', segments: [{ start: 0, end: 1, text: 'staff only' }] });
});
afterAll(() => archive?.close());

const get = (path: string, token?: string) =>
  fetch(`${archive.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, redirect: 'manual' });

describe('transcript exports under the access policy', () => {
  it('gives the public a WebVTT file without the restricted passage', async () => {
    const res = await get(`/api/interviews/${open}/transcript.vtt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(res.headers.get('cache-control')).toMatch(/private/);
    const segments = parseVtt(await res.text());
    expect(segments.map((s) => s.text)).toEqual(['Біз Алматыға 1937 жылы келдік.', 'Рахмет & <сау болыңыз>']);
    expect(segments[1]).toMatchObject({ start: 4, end: 6.25, speaker: 'Interviewer' });
  });

  it('gives staff the whole transcript, in SRT and text too', async () => {
    const srt = parseSrt(await (await get(`/api/interviews/${open}/transcript.srt`, staffToken)).text());
    expect(srt).toHaveLength(3);
    const txt = await (await get(`/api/interviews/${open}/transcript.txt`, staffToken)).text();
    expect(txt).toContain('A passage the release closes');
  });

  it('answers a restricted interview exactly like a missing one', async () => {
    const hidden = await get(`/api/interviews/${restricted}/transcript.vtt`);
    const missing = await get(`/api/interviews/${new Types.ObjectId().toHexString()}/transcript.vtt`);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await hidden.json()) as any).detail).toBe(((await missing.json()) as any).detail);
    expect((await get(`/api/interviews/${restricted}/transcript.vtt`, staffToken)).status).toBe(200);
  });

  it('refuses a malformed id or language with a clear 400, and an unknown format with 404', async () => {
    const badId = await get(`/api/interviews/nope/transcript.vtt`);
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as any).detail).toMatch(/^id:/);
    expect((await get(`/api/interviews/${open}/transcript.vtt?lang=Kazakh`)).status).toBe(400);
    expect((await get(`/api/interviews/${open}/transcript.docx`)).status).toBe(404);
    expect((await get(`/api/interviews/${open}/transcript.vtt?lang=ru`)).status).toBe(404);
  });

  it('exports OHMS XML with transcript and the chapters the viewer may see', async () => {
    const res = await get(`/api/interviews/${open}/ohms.xml`);
    expect(res.status).toBe(200);
    const doc = parseOhmsXml(await res.text());
    expect(doc.segments).toHaveLength(2);
    expect(doc.index.map((i) => i.title)).toEqual(['Arrival in Alma-Ata']);
    expect(doc.index[0]!.keywords).toEqual(['train', 'Alma-Ata']);
    const staff = parseOhmsXml(await (await get(`/api/interviews/${open}/ohms.xml`, staffToken)).text());
    expect(staff.index).toHaveLength(2);
  });
});

describe('media and IIIF', () => {
  it('has no manifest or media before an access copy exists, then redirects to a short-lived link and builds the manifest', async () => {
    expect((await get(`/iiif/interviews/${open}/manifest.json`)).status).toBe(404);
    expect((await get(`/api/interviews/${open}/media`)).status).toBe(404);

    // A full copy only: the public may not hear the closed passage, so it is sent nowhere yet.
    const key = `access/${open}/copy.m4a`;
    await archive.storage.put(key, new Uint8Array([9, 9]), 'audio/mp4');
    await archive.db.models.MediaAsset.create({
      interviewId: open, kind: 'access_audio', key, fileName: 'copy.m4a', contentType: 'audio/mp4', size: 2,
      status: 'ready', durationSeconds: 6.5, createdBy: new Types.ObjectId(), audience: 'full', restrictionsFingerprint: 'none',
    });
    const preparing = await get(`/api/interviews/${open}/media`);
    expect(preparing.status).toBe(503);
    expect(preparing.headers.get('retry-after')).toBeTruthy();
    expect((await get(`/iiif/interviews/${open}/manifest.json`)).status).toBe(404);

    await storedAccessCopy(archive, open, { audience: AccessLevel.public, bytes: new Uint8Array([1, 2, 3, 4]), durationSeconds: 6.5 });
    const media = await get(`/api/interviews/${open}/media`);
    expect(media.status).toBe(302);
    expect(new URL(media.headers.get('location')!).searchParams.get('X-Amz-Expires')).toBe(String(MEDIA_LINK_SECONDS));
    const bytes = new Uint8Array(await (await fetch(media.headers.get('location')!)).arrayBuffer());
    expect([...bytes]).toEqual([1, 2, 3, 4]);

    const manifest = (await (await get(`/iiif/interviews/${open}/manifest.json`)).json()) as any;
    expect(manifest.type).toBe('Manifest');
    const canvas = manifest.items[0];
    expect(canvas.duration).toBe(6.5);
    expect(canvas.items[0].items[0].body).toMatchObject({ type: 'Sound', format: 'audio/mp4' });
    expect(JSON.stringify(manifest)).not.toContain('A passage the release closes');
    expect(JSON.stringify(manifest)).toContain('Біз Алматыға 1937 жылы келдік.');
    expect((await get(`/iiif/interviews/${restricted}/manifest.json`)).status).toBe(404);
  });
});

describe('OAI-PMH', () => {
  it('identifies itself and lists only public records, with Dublin Core', async () => {
    const identify = await (await get('/oai?verb=Identify')).text();
    expect(identify).toContain('<protocolVersion>2.0</protocolVersion>');
    const records = await (await get('/oai?verb=ListRecords&metadataPrefix=oai_dc')).text();
    expect(records).toContain(`interview/${open}`);
    expect(records).not.toContain(restricted);
    expect(records).toContain('completeListSize="1"');
    expect(records).toContain('<dc:title xml:lang="en">Open</dc:title>');
  });

  it('answers a restricted identifier like a missing one, and reports protocol errors', async () => {
    const host = new URL('http://localhost:3000').hostname;
    const hidden = await (await get(`/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:${host}:interview/${restricted}`)).text();
    expect(hidden).toContain('<error code="idDoesNotExist">');
    expect(await (await get('/oai?verb=Nonsense')).text()).toContain('<error code="badVerb">');
    expect(await (await get('/oai?verb=ListRecords&metadataPrefix=marc')).text()).toContain('cannotDisseminateFormat');
    expect(await (await get('/oai?verb=ListRecords&resumptionToken=garbage')).text()).toContain('badResumptionToken');
  });
});

describe('transcript import', () => {
  const IMPORT = `mutation($input: ImportTranscriptInput!) { importTranscript(input: $input) { language status segmentCount segments { start end speaker text } } }`;

  it('imports a WebVTT file and exports it back with the same segments', async () => {
    const target = await storedInterview(archive, { title: 'Import target' });
    const vtt = 'WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v Narrator>Алматыға келдік.\n\n00:00:02.500 --> 00:00:05.000\nЖетісу туралы.\n';
    const res = await archive.gql(IMPORT, { input: { interviewId: target, language: 'kk', format: 'vtt', content: vtt } }, staffToken);
    expect(res.errors).toBeUndefined();
    expect(res.data?.importTranscript).toMatchObject({ language: 'kk', status: 'corrected', segmentCount: 2 });
    const back = parseVtt(await (await get(`/api/interviews/${target}/transcript.vtt`, staffToken)).text());
    expect(back).toEqual(res.data!.importTranscript.segments.map((s: any) => ({ ...s, speaker: s.speaker ?? null })));
    // Not yet approved by an editor: the public does not get it.
    expect((await get(`/api/interviews/${target}/transcript.vtt`)).status).toBe(404);
  });

  it('refuses a malformed file with the line to fix, and stores nothing', async () => {
    const target = await storedInterview(archive, { title: 'Bad import' });
    const bad = 'WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nend before start\n';
    const res = await archive.gql(IMPORT, { input: { interviewId: target, language: 'kk', format: 'vtt', content: bad } }, staffToken);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    expect(res.errors?.[0]?.message).toMatch(/line 3/);
    expect(await archive.db.models.Transcript.countDocuments({ interviewId: target })).toBe(0);
  });
});
