import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type GraphQLResponse, type TestArchive } from '../support/archive.js';
import { gradientPng } from '../support/png.js';

let archive: TestArchive;
let editor: { id: string; token: string };
let teacher: { id: string; token: string };
let serial = 0;

const LIMIT = 4096;
const smallPng = () => gradientPng(24, 16);
beforeAll(async () => {
  archive = await startTestArchive({ IMAGE_MAX_BYTES: String(LIMIT) });
  editor = await archive.userWithRoles([Role.editor]);
  teacher = await archive.userWithRoles([Role.teacher]);
});
afterAll(() => archive?.close());

const CREATE = `mutation($input: CreateCollectionInput!) { createCollection(input: $input) { id version } }`;
const UPDATE = `mutation($input: UpdateCollectionInput!) { updateCollection(input: $input) { id version blocks { type imageKey imageUrl alt { en } } } }`;
const REQUEST = `mutation($input: CollectionImageUploadInput!) {
  requestCollectionImageUpload(input: $input) { url expiresAt image { id key status contentType size url } } }`;
const CONFIRM = `mutation($id: ID!) { confirmCollectionImage(id: $id) { id key status size url } }`;
const PUBLISH = `mutation($id: ID!, $version: Int!) { publishCollection(id: $id, version: $version) { status version } }`;
const DELETE = `mutation($id: ID!, $version: Int!) { deleteCollection(id: $id, version: $version) }`;

function ok<T = any>(res: GraphQLResponse): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return Object.values(res.data!)[0] as T;
}
const errorOf = (res: GraphQLResponse) => res.errors?.[0];

async function draft(token = editor.token) {
  return ok<{ id: string; version: number }>(
    await archive.gql(CREATE, { input: { slug: `pictures-${++serial}`, title: { en: 'Pictures' }, blocks: [{ type: 'text', text: { en: 'Intro' } }] } }, token),
  );
}

/** Asks for the upload, then PUTs the bytes straight to storage as the browser does. */
async function upload(collectionId: string, bytes: Uint8Array, contentType = 'image/png', declared = bytes.length, token = editor.token) {
  const asked = ok(await archive.gql(REQUEST, { input: { collectionId, contentType, size: declared } }, token));
  const put = await fetch(asked.url, { method: 'PUT', headers: { 'content-type': contentType }, body: bytes });
  expect(put.status).toBe(200);
  return { ...(asked.image as { id: string; key: string; status: string; url: string }), uploadUrl: asked.url as string };
}

const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${archive.url}${path}`, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
const imagesOf = (collectionId: string) => archive.db.models.CollectionImage.countDocuments({ collectionId });

describe('pictures of image blocks', () => {
  it('uploads, confirms and places a PNG; a draft’s picture stays hidden from the public until published', async () => {
    const c = await draft();
    const png = smallPng();
    const image = await upload(c.id, png);
    expect(image.status).toBe('pending');
    expect(image.key).toBe(`collections/${c.id}/images/${image.id}.png`);

    const confirmed = ok(await archive.gql(CONFIRM, { id: image.id }, editor.token));
    expect(confirmed).toMatchObject({ status: 'ready', size: png.length, url: `/api/collections/${c.id}/images/${image.id}` });

    const block = { type: 'image', imageKey: image.key, alt: { en: 'A gradient' } };
    const updated = ok(await archive.gql(UPDATE, { input: { id: c.id, version: c.version, blocks: [block] } }, editor.token));
    expect(updated.blocks[0]).toMatchObject({ imageKey: image.key, imageUrl: confirmed.url, alt: { en: 'A gradient' } });

    // A draft: the public and another signed-in user get what a missing picture gets.
    const hidden = await get(confirmed.url);
    const missing = await get(`/api/collections/${c.id}/images/${'0'.repeat(24)}`);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(((await hidden.json()) as any).detail).toBe(((await missing.json()) as any).detail);
    expect((await get(confirmed.url, teacher.token)).status).toBe(404);

    const own = await get(confirmed.url, editor.token);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/png');
    expect(own.headers.get('cache-control')).toBe('private, no-cache');
    expect(Buffer.from(await own.arrayBuffer()).equals(png)).toBe(true);

    ok(await archive.gql(PUBLISH, { id: c.id, version: updated.version }, editor.token));
    const shown = await get(confirmed.url);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('public, max-age=3600');
    const etag = shown.headers.get('etag')!;
    expect((await get(confirmed.url, undefined, { 'if-none-match': etag })).status).toBe(304);
  });

  it('uses the bytes it checked: a second PUT to the upload URL after confirmation changes nothing', async () => {
    const c = await draft();
    const png = smallPng();
    const image = await upload(c.id, png);
    ok(await archive.gql(CONFIRM, { id: image.id }, editor.token));
    // The presigned URL is still valid for minutes; what it writes is not what the archive shows.
    const text = new TextEncoder().encode('<svg onload="alert(1)"></svg>');
    expect((await fetch(image.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: text })).status).toBe(200);
    expect(Buffer.from(await archive.storage.getBytes(image.key)).equals(png)).toBe(true);
    const served = await get(`/api/collections/${c.id}/images/${image.id}`, editor.token);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    // Confirming again keeps the checked copy too.
    ok(await archive.gql(CONFIRM, { id: image.id }, editor.token));
    expect(Buffer.from(await archive.storage.getBytes(image.key)).equals(png)).toBe(true);
  });

  it('refuses a text file renamed to .png at confirmation, and keeps nothing of it', async () => {
    const c = await draft();
    const image = await upload(c.id, new TextEncoder().encode('Shopping list: bread, milk, tea.\n'.repeat(4)));
    const res = await archive.gql(CONFIRM, { id: image.id }, editor.token);
    expect(errorOf(res)?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errorOf(res)?.message).toMatch(/declared as a PNG picture but its bytes are not a picture/);
    expect(await archive.storage.head(image.key)).toBeNull();
    expect(await imagesOf(c.id)).toBe(0);

    const block = { type: 'image', imageKey: image.key, alt: { en: 'Not a picture' } };
    const refused = await archive.gql(UPDATE, { input: { id: c.id, version: c.version, blocks: [block] } }, editor.token);
    expect(errorOf(refused)?.extensions?.field).toBe('blocks[0].imageKey');
  });

  it('refuses a picture bigger than IMAGE_MAX_BYTES, whatever size was declared, and a JPEG sent as PNG', async () => {
    const c = await draft();
    const declaredBig = await archive.gql(REQUEST, { input: { collectionId: c.id, contentType: 'image/png', size: LIMIT + 1 } }, editor.token);
    expect(errorOf(declaredBig)?.extensions?.field).toBe('size');
    const gif = await archive.gql(REQUEST, { input: { collectionId: c.id, contentType: 'image/gif', size: 100 } }, editor.token);
    expect(errorOf(gif)?.message).toMatch(/JPEG, PNG or WebP/);

    const big = gradientPng(200, 200);
    expect(big.length).toBeGreaterThan(LIMIT);
    const oversize = await upload(c.id, big, 'image/png', 1000);
    const res = await archive.gql(CONFIRM, { id: oversize.id }, editor.token);
    expect(errorOf(res)?.message).toMatch(new RegExp(`${big.length} bytes; the limit is ${LIMIT} bytes`));
    expect(await archive.storage.head(oversize.key)).toBeNull();

    const mislabelled = await upload(c.id, smallPng(), 'image/jpeg');
    const wrongType = await archive.gql(CONFIRM, { id: mislabelled.id }, editor.token);
    expect(errorOf(wrongType)?.message).toMatch(/declared as a JPEG picture but its bytes are a PNG picture/);
    expect(await archive.storage.head(mislabelled.key)).toBeNull();
    expect(await imagesOf(c.id)).toBe(0);
  });

  it('lets only those who may edit the collection upload, and refuses another collection’s picture', async () => {
    const mine = await draft();
    const asked = await archive.gql(REQUEST, { input: { collectionId: mine.id, contentType: 'image/png', size: 100 } }, teacher.token);
    expect(errorOf(asked)?.extensions?.code).toBe('NOT_FOUND');
    expect((await archive.gql(REQUEST, { input: { collectionId: mine.id, contentType: 'image/png', size: 100 } })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const other = await draft();
    const image = await upload(other.id, smallPng());
    ok(await archive.gql(CONFIRM, { id: image.id }, editor.token));
    const block = { type: 'image', imageKey: image.key, alt: { en: 'Borrowed' } };
    const refused = await archive.gql(UPDATE, { input: { id: mine.id, version: mine.version, blocks: [block] } }, editor.token);
    expect(errorOf(refused)?.extensions?.field).toBe('blocks[0].imageKey');
  });

  it('deletes a collection’s pictures from storage with the collection', async () => {
    const c = await draft();
    const image = await upload(c.id, smallPng());
    ok(await archive.gql(CONFIRM, { id: image.id }, editor.token));
    expect(await archive.storage.head(image.key)).not.toBeNull();
    ok(await archive.gql(DELETE, { id: c.id, version: c.version }, editor.token));
    expect(await archive.storage.head(image.key)).toBeNull();
    expect(await imagesOf(c.id)).toBe(0);
  });
});
