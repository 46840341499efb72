import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { parseVtt } from '../../shared/formats/index.js';
import { startTestArchive, type GraphQLResponse, type TestArchive } from '../support/archive.js';
import { storedAccessCopy, storedInterview } from '../support/factories.js';
import { MEDIA_LINK_SECONDS } from '../../server/src/exports/export.service.js';
import { hashToken, newToken, tokenKey } from '../../server/src/auth/tokens.js';
import { loadConfig } from '../../server/src/config.js';
import { commandFiltersDuring } from '../support/commands.js';

type User = { id: string; token: string };
let archive: TestArchive;
let teacher: User;
let otherTeacher: User;
let editor: User;
let pub: string; // public interview with a transcript, a restricted passage and an access copy
let edu: string; // education-only interview
let research: string;
let priv: string;

beforeAll(async () => {
  archive = await startTestArchive();
  teacher = await archive.userWithRoles([Role.teacher], 'Teacher Gulnara');
  otherTeacher = await archive.userWithRoles([Role.teacher]);
  editor = await archive.userWithRoles([Role.editor]);
  pub = await storedInterview(archive, { title: 'Arrival at Ushtobe' });
  edu = await storedInterview(archive, { title: 'Education testimony', accessLevel: 'education', release: { permits: 'education' } });
  research = await storedInterview(archive, { title: 'Research testimony', accessLevel: 'research' });
  priv = await storedInterview(archive, { title: 'Private testimony', accessLevel: 'private' });
  await archive.db.models.Transcript.create({
    status: 'approved',
    interviewId: pub,
    language: 'kk',
    segments: [
      { start: 0, end: 5, text: 'Before the clip' },
      { start: 10, end: 20, text: 'We arrived in winter.' },
      { start: 20, end: 30, text: 'A passage for researchers', accessLevel: AccessLevel.research },
      { start: 30, end: 40, text: 'A passage for classes', accessLevel: AccessLevel.education },
      { start: 80, end: 90, text: 'After the clip' },
    ],
  });
  // The copy a teacher hears (the research passage of `pub` silenced), as the worker cuts it.
  for (const id of [pub, edu]) await storedAccessCopy(archive, id, { audience: AccessLevel.education, bytes: new Uint8Array([7, 7, 7]) });
});
afterAll(() => archive?.close());

const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code;
function ok<T = any>(res: GraphQLResponse): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return Object.values(res.data!)[0] as T;
}
const get = (path: string) => fetch(`${archive.url}${path}`, { redirect: 'manual' });

const CREATE_COLLECTION = `mutation($input: CreateCollectionInput!) { createCollection(input: $input) { id blocks { id interview { id } } } }`;
const CREATE_LINK = `mutation($id: ID!, $days: Int, $language: String) { createClassLink(collectionId: $id, days: $days, language: $language) { url link { id active expiresAt revokedAt } } }`;
const LINKS = `query($id: ID!) { classLinks(collectionId: $id) { id active createdAt expiresAt revokedAt } }`;
const REVOKE = `mutation($id: ID!) { revokeClassLink(id: $id) { id active revokedAt } }`;
const LESSON = `query($token: String!) { classLesson(token: $token) {
  title { en } expiresAt
  lesson { ageGuidance contentNotes { en } discussionQuestions { en } }
  blocks { id type available text { en } caption { en } start end interviewTitle { en } mediaKind language segments { start end text } }
} }`;
const INTERVIEW = `query($id: ID!) { interview(id: $id) { id } }`;

let serial = 0;
const clip = (interviewId: string, start = 10, end = 70) => ({ type: 'clip', interviewId, start, end, caption: { en: `Clip of ${interviewId}` } });
async function lesson(blocks: unknown[], user: User = teacher) {
  return ok(await archive.gql(CREATE_COLLECTION, {
    input: {
      slug: `lesson-${++serial}`, title: { en: 'Arrival in 1937' }, audience: 'school',
      lesson: { learningGoals: [{ en: 'Listen' }], discussionQuestions: [{ en: 'Why winter?' }], ageGuidance: '12+', contentNotes: [{ en: 'Loss of family' }] },
      blocks,
    },
  }, user.token));
}
async function link(collectionId: string, user: User = teacher, days?: number) {
  const created = ok(await archive.gql(CREATE_LINK, { id: collectionId, days, language: 'ru' }, user.token));
  return { ...created, token: created.url.split('/class/')[1] as string };
}
const open = (token: string) => archive.gql(LESSON, { token });

describe('class links: a lesson for pupils without accounts', () => {
  it('shows an education clip through the link that the public cannot see, with the range’s transcript and media', async () => {
    const l = await lesson([{ type: 'text', text: { en: 'Listen first' } }, clip(pub), clip(edu, 0, 30)]);
    const { token, url, link: made } = await link(l.id);
    expect(url).toMatch(/^http:\/\/localhost:3000\/ru\/class\/k1\.[A-Za-z0-9_-]{43}$/);
    expect(made.active).toBe(true);
    expect(new Date(made.expiresAt).getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000);

    expect(codeOf(await archive.gql(INTERVIEW, { id: edu }))).toBe('NOT_FOUND');
    expect((await get(`/api/interviews/${edu}/media`)).status).toBe(404);

    const seen = ok(await open(token));
    expect(seen.lesson).toMatchObject({ ageGuidance: '12+', contentNotes: [{ en: 'Loss of family' }], discussionQuestions: [{ en: 'Why winter?' }] });
    expect(seen.blocks.map((b: any) => [b.type, b.available])).toEqual([['text', true], ['clip', true], ['clip', true]]);
    const [, first, second] = seen.blocks;
    expect(first).toMatchObject({ start: 10, end: 70, interviewTitle: { en: 'Arrival at Ushtobe' }, mediaKind: 'audio', language: 'kk' });
    // The range only, restricted passages filtered at a teacher's clearance.
    expect(first.segments.map((s: any) => s.text)).toEqual(['We arrived in winter.', 'A passage for classes']);
    expect(second).toMatchObject({ interviewTitle: { en: 'Education testimony' }, mediaKind: 'audio' });

    const media = await get(`/api/class/${token}/clips/${second.id}/media`);
    expect(media.status).toBe(302);
    expect(media.headers.get('referrer-policy')).toBe('no-referrer');
    expect(media.headers.get('cache-control')).toMatch(/no-store/);
    expect([...new Uint8Array(await (await fetch(media.headers.get('location')!)).arrayBuffer())]).toEqual([7, 7, 7]);
    expect(new URL(media.headers.get('location')!).searchParams.get('X-Amz-Expires')).toBe(String(MEDIA_LINK_SECONDS));

    const vtt = await get(`/api/class/${token}/clips/${first.id}/captions.vtt`);
    expect(vtt.status).toBe(200);
    expect(parseVtt(await vtt.text()).map((s) => s.text)).toEqual(['We arrived in winter.', 'A passage for classes']);
    // A block id of another lesson, or a text block, opens nothing.
    const other = await lesson([clip(pub)]);
    expect((await get(`/api/class/${token}/clips/${other.blocks[0].id}/media`)).status).toBe(404);
    expect((await get(`/api/class/${token}/clips/${seen.blocks[0].id}/media`)).status).toBe(404);
  });

  it('never shows research or private clips, and tells nothing about them', async () => {
    // The teacher cannot even add them; an editor's lesson can hold them.
    const refused = await archive.gql(CREATE_COLLECTION, { input: { slug: `lesson-${++serial}`, title: { en: 'x' }, blocks: [clip(research)] } }, teacher.token);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    const l = await lesson([clip(research), clip(priv), clip(pub)], editor);
    const { token } = await link(l.id, editor);
    const seen = ok(await open(token));
    expect(seen.blocks.map((b: any) => b.available)).toEqual([false, false, true]);
    for (const hidden of seen.blocks.slice(0, 2)) {
      expect(hidden).toMatchObject({ caption: null, start: null, end: null, interviewTitle: null, mediaKind: null, segments: [] });
    }
    const body = JSON.stringify(seen);
    for (const secret of [research, priv, 'Research testimony', 'Private testimony']) expect(body).not.toContain(secret);
    for (const b of seen.blocks.slice(0, 2)) {
      expect((await get(`/api/class/${token}/clips/${b.id}/media`)).status).toBe(404);
      expect((await get(`/api/class/${token}/clips/${b.id}/captions.vtt`)).status).toBe(404);
    }
  });

  it('takes a withdrawal or an embargo into account at the next request', async () => {
    const iv = await storedInterview(archive, { title: 'Soon withdrawn', accessLevel: 'education', release: { permits: 'education' } });
    await archive.db.models.MediaAsset.create({
      interviewId: iv, kind: 'access_audio', key: `access/${iv}/copy.m4a`, fileName: 'copy.m4a', contentType: 'audio/mp4', size: 3,
      status: 'ready', durationSeconds: 600, createdBy: new Types.ObjectId(),
    });
    const l = await lesson([clip(iv)]);
    const { token } = await link(l.id);
    const blockId = ok(await open(token)).blocks[0].id;
    expect(ok(await open(token)).blocks[0].available).toBe(true);
    expect((await get(`/api/class/${token}/clips/${blockId}/media`)).status).toBe(302);

    // Written as the consent mutations write (their own tests are elsewhere), and logged as they log.
    await archive.db.models.Interview.updateOne({ _id: iv }, { $set: { 'release.withdrawn': true } });
    await archive.logChange('Interview', iv);
    expect(ok(await open(token)).blocks[0]).toMatchObject({ available: false, interviewTitle: null });
    expect((await get(`/api/class/${token}/clips/${blockId}/media`)).status).toBe(404);

    await archive.db.models.Interview.updateOne({ _id: iv }, { $set: { 'release.withdrawn': false, 'release.embargoUntil': new Date(Date.now() + 86_400_000) } });
    await archive.logChange('Interview', iv);
    expect(ok(await open(token)).blocks[0].available).toBe(false);
    expect((await get(`/api/class/${token}/clips/${blockId}/captions.vtt`)).status).toBe(404);

    await archive.db.models.Interview.updateOne({ _id: iv }, { $set: { 'release.embargoUntil': null } });
    await archive.logChange('Interview', iv);
    expect(ok(await open(token)).blocks[0].available).toBe(true);
  });

  it('answers the same 404 for an expired, revoked or unknown link and for a disabled or demoted creator', async () => {
    const l = await lesson([clip(pub)]);
    const missing = (token: string) => Promise.all([open(token), get(`/api/class/${token}/clips/${l.blocks[0].id}/media`)]);
    const expectGone = async (token: string) => {
      const [gql, media] = await missing(token);
      expect(gql.errors?.[0]).toMatchObject({ message: 'Class link was not found', extensions: { code: 'NOT_FOUND' } });
      expect(media.status).toBe(404);
    };
    await expectGone('x'.repeat(43));
    await expectGone('not a token');

    const expired = await link(l.id);
    await archive.db.models.ClassLink.updateOne({ _id: expired.link.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await archive.logChange('ClassLink', expired.link.id);
    await expectGone(expired.token);
    expect(ok(await archive.gql(LINKS, { id: l.id }, teacher.token)).find((x: any) => x.id === expired.link.id).active).toBe(false);

    const revoked = await link(l.id);
    ok(await open(revoked.token));
    const r = ok(await archive.gql(REVOKE, { id: revoked.link.id }, teacher.token));
    expect(r).toMatchObject({ active: false });
    expect(r.revokedAt).toBeTruthy();
    await expectGone(revoked.token);
    const audit = await archive.db.models.AuditEvent.find({ targetType: 'ClassLink', targetId: revoked.link.id }).sort({ at: 1 }).lean();
    expect(audit.map((a) => [a.action, String(a.actorId)])).toEqual([['classLink.create', teacher.id], ['classLink.revoke', teacher.id]]);

    const creator = await archive.userWithRoles([Role.teacher]);
    const l2 = await lesson([clip(pub)], creator);
    const byCreator = await link(l2.id, creator);
    ok(await open(byCreator.token));
    await archive.db.models.User.updateOne({ _id: creator.id }, { $set: { roles: [] } });
    await archive.logChange('User', creator.id);
    await expectGone(byCreator.token);
    await archive.db.models.User.updateOne({ _id: creator.id }, { $set: { roles: [Role.teacher], status: 'disabled' } });
    await archive.logChange('User', creator.id);
    await expectGone(byCreator.token);
    await archive.db.models.User.updateOne({ _id: creator.id }, { $set: { status: 'active' } });
    await archive.logChange('User', creator.id);
    ok(await open(byCreator.token));
  });

  it('stores only a keyed hash of the token', async () => {
    const l = await lesson([clip(pub)]);
    const { token, link: made } = await link(l.id);
    const stored = await archive.db.models.ClassLink.findById(made.id).lean();
    expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);
    const raw = await archive.db.conn.db!.collection('class_links').find({}).toArray();
    expect(JSON.stringify(raw)).not.toContain(token);
    const audits = await archive.db.models.AuditEvent.find({ targetType: 'ClassLink' }).lean();
    expect(JSON.stringify(audits)).not.toContain(token);
    expect(JSON.stringify(ok(await archive.gql(LINKS, { id: l.id }, teacher.token)))).not.toContain(token);
  });
});

describe('class links are found by _id', () => {
  it('a pupil’s page reads its link by the _id derived from the token’s keyed hash; a link from before the keying still opens by its hash', async () => {
    const l = await lesson([clip(pub)]);
    const { token, link: made } = await link(l.id);
    expect(token).toMatch(/^k1\./);
    const secret = loadConfig({ NODE_ENV: 'test' }).sessionSecret;
    expect(made.id).toBe(tokenKey(secret, token)._id.toHexString());
    // (The anonymous cache's key reads the next link to expire, whoever asks: not a read of this link.)
    const reads = (await commandFiltersDuring(archive, async () => ok(await open(token)))).filter((c) => c.command === 'find:class_links' && !('expiresAt' in (c.filter as object)));
    expect(reads).toEqual([{ command: 'find:class_links', filter: { _id: new Types.ObjectId(made.id) } }]);

    // Made before the keying: a random ObjectId and a token without the prefix.
    const before = 'a'.repeat(20) + newToken().slice(0, 23);
    await archive.db.models.ClassLink.create({ collectionId: l.id, tokenHash: hashToken(secret, before), createdBy: teacher.id, createdAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) });
    expect(ok(await open(before)).title.en).toBe('Arrival in 1937');
  });
});

describe('class links: who may manage them, and clear input errors', () => {
  it('another teacher cannot create, list or revoke links on my lesson; an editor can', async () => {
    const l = await lesson([clip(pub)]);
    const { link: made } = await link(l.id);
    expect(codeOf(await archive.gql(CREATE_LINK, { id: l.id }, otherTeacher.token))).toBe('NOT_FOUND');
    expect(codeOf(await archive.gql(LINKS, { id: l.id }, otherTeacher.token))).toBe('NOT_FOUND');
    expect(codeOf(await archive.gql(REVOKE, { id: made.id }, otherTeacher.token))).toBe('NOT_FOUND');
    expect(codeOf(await archive.gql(LINKS, { id: l.id }))).toBe('NOT_FOUND');
    expect(codeOf(await archive.gql(CREATE_LINK, { id: l.id }))).toBe('NOT_FOUND');
    expect((await archive.db.models.ClassLink.findById(made.id).lean())!.revokedAt).toBeNull();
    expect(await archive.db.models.ClassLink.countDocuments({ collectionId: l.id })).toBe(1);
    expect(ok(await archive.gql(LINKS, { id: l.id }, editor.token))).toHaveLength(1);
  });

  it('names what to fix: days out of range, unknown or malformed collection, unknown language', async () => {
    const l = await lesson([clip(pub)]);
    for (const days of [0, 366, -5]) {
      const res = await archive.gql(CREATE_LINK, { id: l.id, days }, teacher.token);
      expect(res.errors?.[0]).toMatchObject({ message: 'days: give a whole number of days from 1 to 365', extensions: { code: 'BAD_USER_INPUT', field: 'days' } });
    }
    expect(ok(await archive.gql(CREATE_LINK, { id: l.id, days: 365 }, teacher.token)).link.active).toBe(true);
    const unknown = await archive.gql(CREATE_LINK, { id: new Types.ObjectId().toHexString() }, teacher.token);
    expect(unknown.errors?.[0]).toMatchObject({ message: 'Collection was not found', extensions: { code: 'NOT_FOUND' } });
    const malformed = await archive.gql(CREATE_LINK, { id: 'lesson' }, teacher.token);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'collectionId' });
    const lang = await archive.gql(CREATE_LINK, { id: l.id, language: 'de' }, teacher.token);
    expect(lang.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
    expect(await archive.db.models.ClassLink.countDocuments({ collectionId: l.id })).toBe(1);
  });
});
