import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { commandsDuring, readTwice } from '../support/commands.js';
import { narrator, storedInterview, term } from '../support/factories.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await startTestArchive();
});
afterAll(() => archive?.close());

const PAGE = `query($first: Int!) {
  interviews(first: $first) {
    totalCount
    nodes {
      id title { en }
      narrators { id displayName { en } ethnicGroups { key } }
      tags { key labels { en } parent { key } }
      transcripts { language segmentCount }
    }
  }
}`;

/** The database commands one GraphQL request sends (the connection monitors commands). */
async function commandsFor(query: string, variables: Record<string, unknown>) {
  const { seen, byId, queries, result: res } = await commandsDuring(archive, () => archive.gql(query, variables));
  expect(res.errors).toBeUndefined();
  return { seen, byId, queries, res };
}

describe('batching: no query per parent', () => {
  it('a page of interviews with narrators, their groups, tags and transcripts costs the same for 3 or 30 interviews', async () => {
    const parent = await term(archive, 'place', 'almaty', 'Almaty');
    const groups = [await term(archive, 'ethnic_group', 'koreans'), await term(archive, 'ethnic_group', 'uyghurs')];
    const tags = [await term(archive, 'era', 'ww2'), await term(archive, 'topic', 'deportation')];
    await archive.db.models.VocabularyTerm.updateMany({ _id: { $in: tags } }, { $set: { parentId: new Types.ObjectId(parent) } });
    for (let i = 0; i < 30; i++) {
      const person = await narrator(archive, `Narrator ${i}`);
      await archive.db.models.Narrator.updateOne({ _id: person }, { $set: { ethnicGroupIds: groups.map((g) => new Types.ObjectId(g)) } });
      const id = await storedInterview(archive, { narratorIds: [person], tagIds: [...tags, parent] });
      await archive.db.models.Transcript.create({ interviewId: id, language: 'kk', segments: [{ start: 0, end: 1, text: 'сөз' }] });
    }
    // The search index re-reads changed records in the background; stopped, it cannot add to the count.
    await archive.api.services.search.stop();
    const small = await commandsFor(PAGE, { first: 3 });
    const large = await commandsFor(PAGE, { first: 30 });
    expect(large.res.data?.interviews.nodes).toHaveLength(30);
    expect(large.res.data?.interviews.nodes[29].narrators[0].ethnicGroups.map((g: { key: string }) => g.key).sort()).toEqual(['koreans', 'uyghurs']);
    expect(large.res.data?.interviews.nodes[0].tags[0].parent.key).toBe('almaty');
    // The queries are the same for 3 or 30: the page of interviews and its count. Related records are
    // read by `_id` (one query per kind on MongoDB, one lookup per record on FerretDB: db/id-lookup.ts),
    // each at most once, never by a query per parent.
    expect(large.queries).toEqual(small.queries);
    expect(large.queries.length).toBeLessThanOrEqual(2);
    expect(readTwice(large.byId)).toEqual([]);
    // Per interview: its list of parts, its transcript, its narrator; the terms are shared.
    expect(large.byId.filter((k) => k.startsWith('interview_parts:'))).toHaveLength(30);
    expect(large.byId.filter((k) => k.startsWith('transcripts:'))).toHaveLength(30);
    expect(large.byId.filter((k) => k.startsWith('narrators:'))).toHaveLength(30);
    expect(large.byId.filter((k) => k.startsWith('vocabulary_terms:'))).toHaveLength(5);
  });

  it('an OAI-PMH page of records reads their narrators and terms in one query each, however many records it holds', async () => {
    // The 30 interviews above, each with a narrator and three terms.
    const { queries, byId, result: body } = await commandsDuring(archive, async () => (await fetch(`${archive.url}/oai?verb=ListRecords&metadataPrefix=oai_dc`)).text());
    expect((body.match(/<record>/g) ?? []).length).toBeGreaterThanOrEqual(30);
    // By `_id` (one lookup a record on FerretDB), each once, never a query per record.
    expect(queries.filter((c) => c === 'find:narrators' || c === 'find:vocabulary_terms')).toEqual([]);
    expect(readTwice(byId)).toEqual([]);
    expect(byId.filter((k) => k.startsWith('narrators:'))).toHaveLength(30);
  });
});
