import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { narrator, storedInterview } from '../support/factories.js';

/** What a results page needs beside the hit: its interview, narrator and collection, in every language. */
let archive: TestArchive;
let open: string;
let research: string;
let collection: string;
let teller: string;

const SEARCH = `query($q: String!) {
  search(q: $q, first: 50) {
    hits { kind interviewId narratorId collectionId interview { id title { en } narrators { id } } narrator { id displayName { en } } collection { slug title { en } } }
    facets { name values { value count label { en } } }
  }
}`;

beforeAll(async () => {
  archive = await startTestArchive();
  teller = await narrator(archive, 'Zhambyl Narrator');
  open = await storedInterview(archive, { title: 'Open interview', narratorIds: [teller] });
  research = await storedInterview(archive, { title: 'Research interview', accessLevel: 'research', release: { permits: 'research', withdrawn: false } });
  const segment = (text: string) => [{ start: 12, end: 20, text }];
  await archive.db.models.Transcript.create({ status: 'approved', interviewId: open, language: 'ru', segments: segment('Мы жили у реки Каскелен.') });
  await archive.db.models.Transcript.create({ status: 'approved', interviewId: research, language: 'ru', segments: segment('Каскелен только для исследователей.') });
  const doc = await archive.db.models.Collection.create({
    slug: 'kaskelen-demo', title: { en: 'Kaskelen stories' }, intro: { en: 'About Kaskelen.' }, audience: 'general',
    status: 'published', publishedAt: new Date(), createdBy: new Types.ObjectId(),
    blocks: [{ type: 'clip', interviewId: new Types.ObjectId(open), start: 12, end: 20 }],
  });
  collection = doc._id.toHexString();
  await archive.api.services.search.start();
  await archive.api.services.search.rebuild();
});
afterAll(() => archive?.close());

describe('a search hit names what it belongs to', () => {
  it('gives the interview with its narrators, the narrator, and the collection with its slug', async () => {
    const res: any = await archive.gql(SEARCH, { q: 'Kaskelen' });
    const hits = res.data.search.hits;
    const segment = hits.find((h: { kind: string }) => h.kind === 'segment');
    expect(segment.interview).toEqual({ id: open, title: { en: 'Open interview' }, narrators: [{ id: teller }] });
    expect(hits.find((h: { kind: string }) => h.kind === 'collection').collection).toEqual({ slug: 'kaskelen-demo', title: { en: 'Kaskelen stories' } });
    const named: any = await archive.gql(SEARCH, { q: 'Zhambyl' });
    const person = named.data.search.hits.find((h: { kind: string }) => h.kind === 'narrator');
    expect(person.narrator).toMatchObject({ id: teller, displayName: { en: 'Zhambyl Narrator' } });
  });

  it('labels the collections facet with the collection title', async () => {
    const res: any = await archive.gql(SEARCH, { q: 'Kaskelen' });
    const facet = res.data.search.facets.find((f: { name: string }) => f.name === 'collections');
    expect(facet.values).toContainEqual({ value: collection, count: expect.any(Number), label: { en: 'Kaskelen stories' } });
  });

  it('never names restricted material to those who may not see it; staff get it', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    for (const token of [undefined, teacher.token]) {
      const res: any = await archive.gql(SEARCH, { q: 'Kaskelen' }, token);
      expect(JSON.stringify(res)).not.toContain('Research interview');
      expect(res.data.search.hits.map((h: { interviewId: string }) => h.interviewId)).not.toContain(research);
    }
    const editor = await archive.userWithRoles([Role.editor]);
    const staff: any = await archive.gql(SEARCH, { q: 'Kaskelen' }, editor.token);
    const hit = staff.data.search.hits.find((h: { interviewId: string; kind: string }) => h.interviewId === research && h.kind === 'segment');
    expect(hit.interview.title).toEqual({ en: 'Research interview' });
  });
});
