import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { storedInterview } from '../support/factories.js';
import { gradientPng } from '../support/png.js';
import { startTestArchive, type GraphQLResponse, type TestArchive } from '../support/archive.js';
import { commandsDuring, readTwice } from '../support/commands.js';

type User = { id: string; token: string };
let archive: TestArchive;
let editor: User;
let researcher: User;
let teacher: User;
let otherTeacher: User;
let open: string; // a published public interview of 600 s
beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor], 'Editor Aizhan');
  researcher = await archive.userWithRoles([Role.researcher]);
  teacher = await archive.userWithRoles([Role.teacher], 'Teacher Marat');
  otherTeacher = await archive.userWithRoles([Role.teacher]);
  open = await storedInterview(archive, { title: 'Open testimony' });
});
afterAll(() => archive?.close());

const COLLECTION = `id slug title { en } intro { en } audience featured status hasCover version publishedAt createdBy hiddenBlockCount
  lesson { learningGoals { en } discussionQuestions { en } ageGuidance minimumAge contentNotes { en } }
  blocks { id type text { en } start end caption { en } attribution imageKey alt { en } interview { id title { en } } }`;
const CREATE = `mutation($input: CreateCollectionInput!) { createCollection(input: $input) { ${COLLECTION} } }`;
const UPDATE = `mutation($input: UpdateCollectionInput!) { updateCollection(input: $input) { ${COLLECTION} } }`;
const PUBLISH = `mutation($id: ID!, $version: Int!) { publishCollection(id: $id, version: $version) { ${COLLECTION} } }`;
const UNPUBLISH = `mutation($id: ID!, $version: Int!) { unpublishCollection(id: $id, version: $version) { ${COLLECTION} } }`;
const DELETE = `mutation($id: ID!, $version: Int!) { deleteCollection(id: $id, version: $version) }`;
const GET = `query($id: ID!) { collection(id: $id) { ${COLLECTION} } }`;
const BY_SLUG = `query($slug: String!) { collectionBySlug(slug: $slug) { id status } }`;
const LIST = `query($filter: CollectionFilter, $first: Int, $after: String) {
  collections(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id slug status } }
}`;

const errorOf = (res: GraphQLResponse) => res.errors?.[0];
const codeOf = (res: GraphQLResponse) => errorOf(res)?.extensions?.code;
/** Our own checks name `field`; class-validator's name the input paths in `fields`. */
const fieldOf = (res: GraphQLResponse) => {
  const ext = errorOf(res)?.extensions;
  return (ext?.field as string | undefined) ?? (ext?.fields as string[] | undefined)?.[0];
};
function ok<T = any>(res: GraphQLResponse): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return Object.values(res.data!)[0] as T;
}

let serial = 0;
const slug = (base = 'collection') => `${base}-${++serial}`;
const text = (en: string) => ({ type: 'text', text: { en } });
const clip = (interviewId: string, start = 10, end = 70, caption = 'A clip') => ({ type: 'clip', interviewId, start, end, caption: { en: caption } });
const create = (input: Record<string, unknown>, user: User = editor) =>
  archive.gql(CREATE, { input: { slug: slug(), title: { en: 'Deportation of 1937' }, ...input } }, user.token);
const stored = (id: string) => archive.db.models.Collection.findById(id).lean();
const audits = (id: string) => archive.db.models.AuditEvent.find({ targetType: 'Collection', targetId: id }).sort({ at: 1 }).lean();
/** A picture uploaded and confirmed for the collection, as the builder does it; answers its key. */
async function uploadedImage(collectionId: string): Promise<string> {
  const asked = ok(await archive.gql(
    `mutation($input: CollectionImageUploadInput!) { requestCollectionImageUpload(input: $input) { url image { id key } } }`,
    { input: { collectionId, contentType: 'image/png', size: PNG.length } },
    editor.token,
  ));
  await fetch(asked.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: PNG });
  ok(await archive.gql(`mutation($id: ID!) { confirmCollectionImage(id: $id) { status } }`, { id: asked.image.id }, editor.token));
  return asked.image.key;
}
const PNG = gradientPng(16, 16);
const SCHOOL_LESSON = { learningGoals: [{ en: 'Explain why families were moved in 1937' }], ageGuidance: '14+', contentNotes: [] };

describe('collections: the editor’s round trip', () => {
  it('creates a draft, updates, reorders, publishes, unpublishes and deletes, auditing each change', async () => {
    const quote = { type: 'quote', text: { en: 'We arrived in winter.' }, attribution: 'An invented narrator', interviewId: open, start: 42 };
    const created = ok(await create({ intro: { en: 'Testimony of arrival' }, blocks: [text('Introduction'), clip(open), quote] }));
    expect(created).toMatchObject({ status: 'draft', version: 1, audience: 'general', publishedAt: null, lesson: null });
    expect(created.createdBy).toBe('Editor Aizhan');
    expect(created.hiddenBlockCount).toBe(0);
    expect(created.blocks.map((b: any) => b.type)).toEqual(['text', 'clip', 'quote']);
    expect(created.blocks[1]).toMatchObject({ start: 10, end: 70, caption: { en: 'A clip' }, interview: { id: open, title: { en: 'Open testimony' } } });
    expect(created.blocks[2]).toMatchObject({ attribution: 'An invented narrator', start: 42, end: null, interview: { id: open } });

    // A picture is uploaded to the collection once it exists, and placed by the next edit.
    const image = { type: 'image', imageKey: await uploadedImage(created.id), alt: { en: 'A station in the steppe' } };
    const [t, c, q] = created.blocks.map((b: any) => b.id);
    const reorder = [image, { id: q, ...quote }, { id: c, ...clip(open) }, { id: t, ...text('Introduction, revised') }];
    const updated = ok(await archive.gql(UPDATE, { input: { id: created.id, version: 1, blocks: reorder, intro: { en: 'New intro' } } }, editor.token));
    expect(updated.blocks[0]).toMatchObject({ type: 'image', imageKey: image.imageKey });
    expect(updated.blocks.slice(1).map((b: any) => b.id)).toEqual([q, c, t]);
    expect(updated.version).toBe(2);
    expect(updated.blocks[3].text.en).toBe('Introduction, revised');
    expect(updated.title.en).toBe('Deportation of 1937');

    const published = ok(await archive.gql(PUBLISH, { id: created.id, version: 2 }, editor.token));
    expect(published.status).toBe('published');
    expect(published.publishedAt).toBeTruthy();
    const bySlug = ok(await archive.gql(BY_SLUG, { slug: created.slug }));
    expect(bySlug).toEqual({ id: created.id, status: 'published' });

    const unpublished = ok(await archive.gql(UNPUBLISH, { id: created.id, version: 3 }, editor.token));
    expect(unpublished).toMatchObject({ status: 'draft', publishedAt: null, version: 4 });
    expect(codeOf(await archive.gql(GET, { id: created.id }))).toBe('NOT_FOUND');

    expect(ok(await archive.gql(DELETE, { id: created.id, version: 4 }, editor.token))).toBe(created.id);
    expect(await stored(created.id)).toBeNull();
    const trail = await audits(created.id);
    expect(trail.map((a) => a.action)).toEqual([
      'collection.create', 'collection.update', 'collection.publish', 'collection.unpublish', 'collection.delete',
    ]);
    expect(Object.keys(trail[1]!.after!).sort()).toEqual(['blocks', 'intro']);
    expect(trail[2]!.before).toMatchObject({ status: 'draft', publishedAt: null });
    expect(trail[2]!.after).toMatchObject({ status: 'published' });
    expect(trail[4]!.before).toMatchObject({ slug: created.slug });
  });

  it('answers a stale version with CONFLICT and writes nothing', async () => {
    const c = ok(await create({ blocks: [text('First')] }));
    ok(await archive.gql(UPDATE, { input: { id: c.id, version: 1, title: { en: 'Second title' } } }, editor.token));
    const stale = await archive.gql(UPDATE, { input: { id: c.id, version: 1, title: { en: 'Lost edit' }, blocks: [] } }, editor.token);
    expect(errorOf(stale)?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    for (const [query, vars] of [[PUBLISH, { id: c.id, version: 1 }], [DELETE, { id: c.id, version: 1 }]] as const) {
      expect(codeOf(await archive.gql(query, vars, editor.token))).toBe('CONFLICT');
    }
    const doc = await stored(c.id);
    expect(doc).toMatchObject({ version: 2, status: 'draft', title: { en: 'Second title' } });
    expect(doc!.blocks).toHaveLength(1);
    expect((await audits(c.id)).map((a) => a.action)).toEqual(['collection.create', 'collection.update']);
  });
});

describe('collections: teachers build lessons of their own', () => {
  it('a teacher drafts a lesson, cannot publish or feature it; another teacher neither sees nor edits it', async () => {
    const lesson = ok(await create({ audience: 'school', lesson: { ...SCHOOL_LESSON, minimumAge: 14 }, blocks: [clip(open)] }, teacher));
    expect(lesson).toMatchObject({ status: 'draft', audience: 'school', createdBy: null, hiddenBlockCount: null });
    expect(lesson.lesson).toMatchObject({ ageGuidance: '14+', minimumAge: 14, learningGoals: [{ en: SCHOOL_LESSON.learningGoals[0]!.en }] });
    expect(codeOf(await archive.gql(PUBLISH, { id: lesson.id, version: 1 }, teacher.token))).toBe('FORBIDDEN');
    expect(codeOf(await archive.gql(UPDATE, { input: { id: lesson.id, version: 1, featured: true } }, teacher.token))).toBe('FORBIDDEN');
    expect(codeOf(await archive.gql(GET, { id: lesson.id }, otherTeacher.token))).toBe('NOT_FOUND');
    expect(codeOf(await archive.gql(GET, { id: lesson.id }))).toBe('NOT_FOUND');
    const edit = await archive.gql(UPDATE, { input: { id: lesson.id, version: 1, title: { en: 'Mine now' } } }, otherTeacher.token);
    expect(codeOf(edit)).toBe('NOT_FOUND');
    expect(codeOf(await archive.gql(DELETE, { id: lesson.id, version: 1 }, otherTeacher.token))).toBe('NOT_FOUND');
    const mine = ok(await archive.gql(LIST, { filter: { mine: true } }, teacher.token));
    expect(mine.nodes.map((n: any) => n.id)).toEqual([lesson.id]);
    expect(ok(await archive.gql(LIST, { filter: { mine: true } }, otherTeacher.token)).totalCount).toBe(0);

    // Once an editor publishes it, changes are the editors' too: they go live at once.
    ok(await archive.gql(PUBLISH, { id: lesson.id, version: 1 }, editor.token));
    expect(codeOf(await archive.gql(UPDATE, { input: { id: lesson.id, version: 2, title: { en: 'X' } } }, teacher.token))).toBe('FORBIDDEN');
    expect(codeOf(await archive.gql(DELETE, { id: lesson.id, version: 2 }, teacher.token))).toBe('FORBIDDEN');
    expect(ok(await archive.gql(GET, { id: lesson.id }, otherTeacher.token)).status).toBe('published');
  });

  it('the author deletes a draft; the public cannot create', async () => {
    const draft = ok(await create({}, teacher));
    expect(ok(await archive.gql(DELETE, { id: draft.id, version: 1 }, teacher.token))).toBe(draft.id);
    expect(codeOf(await create({}, { id: '', token: '' }))).toBe('UNAUTHENTICATED');
  });

  it('publishing for schools needs learning goals and age guidance', async () => {
    const c = ok(await create({ audience: 'school', blocks: [text('Warm-up')] }));
    const noGoals = await archive.gql(PUBLISH, { id: c.id, version: 1 }, editor.token);
    expect(codeOf(noGoals)).toBe('BAD_USER_INPUT');
    expect(fieldOf(noGoals)).toBe('lesson.learningGoals');
    ok(await archive.gql(UPDATE, { input: { id: c.id, version: 1, lesson: { learningGoals: [{ en: 'Name two causes' }, { en: ' ' }] } } }, editor.token));
    const noAge = await archive.gql(PUBLISH, { id: c.id, version: 2 }, editor.token);
    expect(fieldOf(noAge)).toBe('lesson.ageGuidance');
    expect((await stored(c.id))!.status).toBe('draft');
    ok(await archive.gql(UPDATE, { input: { id: c.id, version: 2, lesson: SCHOOL_LESSON } }, editor.token));
    expect(ok(await archive.gql(PUBLISH, { id: c.id, version: 3 }, editor.token)).lesson.contentNotes).toEqual([]);
  });
});

describe('collections: what each viewer sees', () => {
  it('the public sees only published collections', async () => {
    const draft = ok(await create({}));
    const published = ok(await create({ blocks: [text('Hello')] }));
    ok(await archive.gql(PUBLISH, { id: published.id, version: 1 }, editor.token));
    const seen = ok(await archive.gql(LIST, { first: 100 }));
    expect(seen.nodes.every((n: any) => n.status === 'published')).toBe(true);
    expect(seen.nodes.map((n: any) => n.id)).toContain(published.id);
    expect(ok(await archive.gql(LIST, { filter: { status: 'draft' } })).totalCount).toBe(0);
    expect(codeOf(await archive.gql(BY_SLUG, { slug: draft.slug }))).toBe('NOT_FOUND');
    expect(ok(await archive.gql(LIST, { first: 100, filter: { status: 'draft' } }, editor.token)).nodes.map((n: any) => n.id)).toContain(draft.id);
  });

  it('leaves out a clip whose interview the viewer may not see, and tells only staff how many', async () => {
    const closing = await storedInterview(archive, { title: 'Soon withdrawn' });
    const c = ok(await create({ blocks: [text('Before'), clip(closing, 5, 50, 'SECRET-CAPTION'), clip(open)] }));
    ok(await archive.gql(PUBLISH, { id: c.id, version: 1 }, editor.token));
    await archive.db.models.Interview.updateOne({ _id: closing }, { $set: { 'release.withdrawn': true } });

    const anon = await archive.gql(GET, { id: c.id });
    const json = JSON.stringify(anon);
    expect(json).not.toContain(closing);
    expect(json).not.toContain('SECRET-CAPTION');
    expect(ok(anon).blocks.map((b: any) => b.type)).toEqual(['text', 'clip']);
    expect(ok(anon)).toMatchObject({ hiddenBlockCount: null, createdBy: null });
    expect(ok(await archive.gql(GET, { id: c.id }, teacher.token)).hiddenBlockCount).toBeNull();
    expect(ok(await archive.gql(GET, { id: c.id }, researcher.token)).hiddenBlockCount).toBe(1);
    const asEditor = ok(await archive.gql(GET, { id: c.id }, editor.token));
    expect(asEditor.hiddenBlockCount).toBe(0);
    expect(asEditor.blocks[1]).toMatchObject({ caption: { en: 'SECRET-CAPTION' }, interview: { id: closing } });
  });

  it('keeps a block its author can no longer see, untouched and in its place, through every save', async () => {
    const closing = await storedInterview(archive, { title: 'Soon for research only', accessLevel: 'education' });
    const lesson = ok(await create({ audience: 'school', blocks: [text('Warm-up'), clip(closing, 5, 50, 'HIDDEN-CAPTION'), clip(open)] }, teacher));
    const hiddenId = lesson.blocks[1].id;
    const storedBefore = (await stored(lesson.id))!.blocks[1];
    await archive.db.models.Interview.updateOne({ _id: closing }, { $set: { accessLevel: 'research' } });

    // The builder of old sent back what the teacher saw; the hidden clip stays where it was.
    const seen = ok(await archive.gql(GET, { id: lesson.id }, teacher.token));
    expect(seen.blocks.map((b: any) => b.type)).toEqual(['text', 'clip']);
    const resent = seen.blocks.map((b: any) => (b.type === 'text' ? { id: b.id, type: 'text', text: { en: 'Warm-up, edited' } } : { id: b.id, type: 'clip', interviewId: open, start: 10, end: 70 }));
    ok(await archive.gql(UPDATE, { input: { id: lesson.id, version: 1, blocks: resent } }, teacher.token));
    let after = (await stored(lesson.id))!.blocks;
    expect(after.map((b) => b._id.toHexString())).toEqual([lesson.blocks[0].id, hiddenId, lesson.blocks[2].id]);
    expect(after[1]).toEqual(storedBefore);
    expect(after[0]!.text).toMatchObject({ en: 'Warm-up, edited' });

    // The author is shown a placeholder, nothing of its content; sending its id back places it.
    const toEdit = ok(await archive.gql(`query($id: ID!) { collection(id: $id) { blocksToEdit { id type available caption { en } interview { id } } } }`, { id: lesson.id }, teacher.token));
    expect(toEdit.blocksToEdit[1]).toEqual({ id: hiddenId, type: 'clip', available: false, caption: null, interview: null });
    expect(JSON.stringify(toEdit)).not.toContain('HIDDEN-CAPTION');
    const moved = [{ id: hiddenId, type: 'clip' }, { id: lesson.blocks[2].id, type: 'clip', interviewId: open, start: 10, end: 70 }, { id: lesson.blocks[0].id, type: 'text', text: { en: 'Last' } }];
    ok(await archive.gql(UPDATE, { input: { id: lesson.id, version: 2, blocks: moved } }, teacher.token));
    after = (await stored(lesson.id))!.blocks;
    expect(after.map((b) => b._id.toHexString())).toEqual([hiddenId, lesson.blocks[2].id, lesson.blocks[0].id]);
    expect(after[0]).toEqual(storedBefore);
    // Even an empty list keeps it; sending it twice is refused.
    ok(await archive.gql(UPDATE, { input: { id: lesson.id, version: 3, blocks: [] } }, teacher.token));
    expect((await stored(lesson.id))!.blocks.map((b) => b._id.toHexString())).toEqual([hiddenId]);
    const twice = await archive.gql(UPDATE, { input: { id: lesson.id, version: 4, blocks: [{ id: hiddenId, type: 'clip' }, { id: hiddenId, type: 'clip' }] } }, teacher.token);
    expect(fieldOf(twice)).toBe('blocks[1].id');
    // Others are not told the block exists; an editor, who sees the interview, gets it whole.
    expect(ok(await archive.gql(`query($id: ID!) { collection(id: $id) { blocksToEdit { id } } }`, { id: lesson.id }, editor.token)).blocksToEdit).toEqual([{ id: hiddenId }]);
    expect(ok(await archive.gql(GET, { id: lesson.id }, editor.token)).blocks[0]).toMatchObject({ caption: { en: 'HIDDEN-CAPTION' }, interview: { id: closing } });
    // The author removes it only by naming it; a removal without an id, or of no block of it, is refused.
    expect(fieldOf(await archive.gql(UPDATE, { input: { id: lesson.id, version: 4, blocks: [{ type: 'clip', remove: true }] } }, teacher.token))).toBe('blocks[0].id');
    const foreign = await archive.gql(UPDATE, { input: { id: lesson.id, version: 4, blocks: [{ id: '66e2e0000000000000000299', type: 'clip', remove: true }] } }, teacher.token);
    expect(fieldOf(foreign)).toBe('blocks[0].id');
    expect((await stored(lesson.id))!.blocks.map((b) => b._id.toHexString())).toEqual([hiddenId]);
    ok(await archive.gql(UPDATE, { input: { id: lesson.id, version: 4, blocks: [{ id: hiddenId, type: 'clip', remove: true }, text('Only this')] } }, teacher.token));
    after = (await stored(lesson.id))!.blocks;
    expect(after.map((b) => b.type)).toEqual(['text']);
  });

  it('refuses to publish a clip the audience could not play: the public for general, teachers for schools', async () => {
    const education = await storedInterview(archive, { accessLevel: 'education', release: { permits: 'education', withdrawn: false } });
    const general = ok(await create({ blocks: [text('Intro'), clip(education)] }));
    const refused = await archive.gql(PUBLISH, { id: general.id, version: 1 }, editor.token);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(fieldOf(refused)).toBe('blocks[1].interviewId');
    expect((await stored(general.id))!.status).toBe('draft');

    const school = ok(await create({ audience: 'school', lesson: SCHOOL_LESSON, blocks: [clip(education)] }));
    ok(await archive.gql(PUBLISH, { id: school.id, version: 1 }, editor.token));
    expect(ok(await archive.gql(GET, { id: school.id }, teacher.token)).blocks).toHaveLength(1);
    expect(ok(await archive.gql(GET, { id: school.id })).blocks).toHaveLength(0);
    // An edit to a published collection meets the same rule.
    const research = await storedInterview(archive, { accessLevel: 'research' });
    const edit = await archive.gql(UPDATE, { input: { id: school.id, version: 2, blocks: [clip(education), clip(research)] } }, editor.token);
    expect(fieldOf(edit)).toBe('blocks[1].interviewId');
  });

  it('resolves the interviews of many clips with one batched query', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, () => storedInterview(archive)));
    const many = ok(await create({ blocks: ids.map((id, i) => clip(id, i, i + 30)) }));
    ok(await archive.gql(PUBLISH, { id: many.id, version: 1 }, editor.token));
    const other = ok(await create({ blocks: ids.slice(0, 10).map((id) => clip(id)) }));
    ok(await archive.gql(PUBLISH, { id: other.id, version: 1 }, editor.token));

    // The search index re-reads changed records in the background; stopped, it cannot add to the count.
    await archive.api.services.search.stop();
    // Finds of one record by _id apart: the read layer reads a set that way on FerretDB, one indexed
    // lookup each (server/src/db/id-lookup.ts), and as one $in on MongoDB.
    const one = await commandsDuring(archive, async () =>
      ok(await archive.gql(`query($id: ID!) { collection(id: $id) { createdBy hiddenBlockCount blocks { interview { id title { en } } } } }`, { id: many.id }, editor.token)),
    );
    expect(one.result.blocks).toHaveLength(30);
    console.log(`collection with 30 clips: ${one.queries.join(', ')} + ${one.byId.length} reads by _id`);
    expect(one.queries.filter((c) => c.endsWith(':interviews'))).toEqual([]);
    expect(one.byId.filter((k) => k.startsWith('interviews:'))).toHaveLength(30);
    // Each record once, the editor's user too (the session and the collection's author are one read).
    expect(readTwice(one.byId)).toEqual([]);
    expect(one.queries.length).toBeLessThanOrEqual(5);

    const list = await commandsDuring(archive, async () => ok(await archive.gql(`{ collections(first: 50) { nodes { blocks { interview { id } } } } }`)));
    expect(list.result.nodes.length).toBeGreaterThanOrEqual(2);
    console.log(`anonymous list of ${list.result.nodes.length} collections: ${list.queries.length} queries + ${list.byId.length} reads by _id`);
    // Each interview once, however many collections clip it.
    expect(list.queries.filter((c) => c.endsWith(':interviews'))).toEqual([]);
    expect(readTwice(list.byId)).toEqual([]);
  });
});

describe('collections: bad input names the field and writes nothing', () => {
  it('refuses bad blocks, slugs and titles', async () => {
    const unknown = '0123456789abcdef01234567';
    const restricted = await storedInterview(archive, { accessLevel: 'private', release: null });
    const cases: [Record<string, unknown>, string, User?][] = [
      [{ slug: 'Not A Slug' }, 'slug'],
      [{ slug: 'double--hyphen' }, 'slug'],
      [{ title: { en: '  ' } }, 'title'],
      [{ title: { en: 'x'.repeat(501) } }, 'title.en'],
      [{ blocks: [text('ok'), text('')] }, 'blocks[1].text'],
      [{ blocks: [clip(open, 30, 30)] }, 'blocks[0].end'],
      [{ blocks: [clip(open, -1, 30)] }, 'blocks[0].start'],
      [{ blocks: [text('a'), text('b'), text('c'), clip(open, 500, 601)] }, 'blocks[3].end'],
      [{ blocks: [{ type: 'clip', interviewId: open, start: 10 }] }, 'blocks[0].end'],
      [{ blocks: [text('a'), clip(unknown)] }, 'blocks[1].interviewId'],
      [{ blocks: [clip('not-an-id')] }, 'blocks[0].interviewId'],
      [{ blocks: [clip(restricted)] }, 'blocks[0].interviewId', teacher],
      [{ blocks: [{ type: 'image', imageKey: 'pics/a.jpg' }] }, 'blocks[0].alt'],
      [{ blocks: [{ type: 'image', alt: { en: 'A photo' } }] }, 'blocks[0].imageKey'],
      [{ blocks: [{ type: 'image', imageKey: 'private/releases/x.pdf', alt: { en: 'A' } }] }, 'blocks[0].imageKey'],
      [{ blocks: [{ type: 'text', text: { en: 'a' }, interviewId: open }] }, 'blocks[0].interviewId'],
      [{ blocks: [{ type: 'quote', text: { en: 'a' }, start: 3 }] }, 'blocks[0].interviewId'],
      [{ blocks: [{ id: unknown, ...text('a') }] }, 'blocks[0].id'],
      [{ blocks: Array.from({ length: 201 }, () => text('a')) }, 'blocks'],
      [{ lesson: { ageGuidance: 'x'.repeat(301) } }, 'lesson.ageGuidance'],
    ];
    const before = await archive.db.models.Collection.countDocuments();
    for (const [input, field, user] of cases) {
      const res = await create(input, user);
      expect([JSON.stringify(input).slice(0, 80), codeOf(res), fieldOf(res)]).toEqual([JSON.stringify(input).slice(0, 80), 'BAD_USER_INPUT', field]);
    }
    // Fifteen minutes at most, and not past the end of the recording.
    const long = await storedInterview(archive, { durationSeconds: 7200 });
    expect(fieldOf(await create({ blocks: [clip(long, 0, 901)] }))).toBe('blocks[0].end');
    expect(await archive.db.models.Collection.countDocuments()).toBe(before);
  });

  it('refuses a duplicate slug on create and on update, and a bad update leaves the collection as it was', async () => {
    const first = ok(await create({ blocks: [text('Keep me')] }));
    const twin = await create({ slug: first.slug });
    expect(errorOf(twin)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    const second = ok(await create({}));
    const renamed = await archive.gql(UPDATE, { input: { id: second.id, version: 1, slug: first.slug } }, editor.token);
    expect(errorOf(renamed)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    const half = await archive.gql(
      UPDATE,
      { input: { id: first.id, version: 1, title: { en: 'New title' }, blocks: [text('fine'), clip(open, 50, 20)] } },
      editor.token,
    );
    expect(fieldOf(half)).toBe('blocks[1].end');
    const doc = await stored(first.id);
    expect(doc).toMatchObject({ version: 1, title: { en: 'Deportation of 1937' } });
    expect(doc!.blocks.map((b) => b.text?.en)).toEqual(['Keep me']);
    expect(await archive.db.models.Collection.countDocuments({ slug: first.slug })).toBe(1);
  });
});
