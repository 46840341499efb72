import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { keys } from '../../server/src/storage/keys.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview, storedRecording } from '../support/factories.js';

let archive: TestArchive;
let open: string;
let restricted: string;
let staffToken: string;

const PEAKS = { version: 2, channels: 1, sample_rate: 16000, samples_per_pixel: 1600, bits: 8, length: 4, data: [-3, 4, -60, 70, -128, 127, 0, 1] };

const withRecording = (interviewId: string) => storedRecording(archive, interviewId, PEAKS);

beforeAll(async () => {
  archive = await startTestArchive();
  staffToken = (await archive.userWithRoles([Role.editor])).token;
  open = await storedInterview(archive, { title: 'Open' });
  restricted = await storedInterview(archive, { accessLevel: 'research', title: 'Research only' });
  await withRecording(open);
  await withRecording(restricted);
});
afterAll(() => archive?.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${archive.url}${path}`, { headers, redirect: 'manual' });
const WAVEFORM = `query($id: ID!) { interview(id: $id) { playbackUrl waveformUrl } }`;

describe('waveform peaks under the access policy', () => {
  it('gives an anonymous visitor the peaks of a public interview, and the URL through GraphQL', async () => {
    const { data } = await archive.gql(WAVEFORM, { id: open });
    expect(data?.interview).toEqual({ playbackUrl: `/api/interviews/${open}/media`, waveformUrl: `/api/interviews/${open}/peaks.json` });

    const res = await get(`/api/interviews/${open}/peaks.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(await res.json()).toEqual(PEAKS);

    // The ETag lets the browser keep the bytes while every use passes the access check again.
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await get(`/api/interviews/${open}/peaks.json`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('answers a restricted interview exactly like a missing one, to the public and to a stale ETag', async () => {
    const hidden = await get(`/api/interviews/${restricted}/peaks.json`);
    const missing = await get(`/api/interviews/${new Types.ObjectId().toHexString()}/peaks.json`);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(((await hidden.json()) as any).detail).toBe(((await missing.json()) as any).detail);
    const etag = (await get(`/api/interviews/${restricted}/peaks.json`, { authorization: `Bearer ${staffToken}` })).headers.get('etag')!;
    expect((await get(`/api/interviews/${restricted}/peaks.json`, { 'if-none-match': etag })).status).toBe(404);
    expect((await archive.gql(WAVEFORM, { id: restricted })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await archive.gql(WAVEFORM, { id: restricted }, staffToken)).data?.interview.waveformUrl).toBe(`/api/interviews/${restricted}/peaks.json`);
  });

  it('has no waveform without a playable copy of the same master', async () => {
    const silent = await storedInterview(archive, { title: 'Not transcoded yet' });
    const masterId = new Types.ObjectId();
    const key = keys.waveform(silent, masterId.toHexString());
    await archive.storage.put(key, JSON.stringify(PEAKS), 'application/json');
    await archive.db.models.MediaAsset.create({
      interviewId: silent, kind: 'waveform', key, fileName: 'p.json', contentType: 'application/json', size: 10,
      status: 'ready', derivedFromId: masterId, createdBy: new Types.ObjectId(),
    });
    expect((await get(`/api/interviews/${silent}/peaks.json`)).status).toBe(404);
    expect((await archive.gql(WAVEFORM, { id: silent })).data?.interview.waveformUrl).toBeNull();
  });
});
