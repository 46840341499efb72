/**
 * The synthetic archive (bench/synthetic/) written into a database as the archive stores it: 1,000
 * interviews (40–150 minutes each, their transcripts cut into ~12-second segments), one narrator
 * each, the synthetic vocabulary, and a published collection of 50 clips. Written straight through
 * the models in batches, each interview's change logged as the services log it, so every API
 * instance's search index takes it in. Invented data: no real testimony.
 */
import { Types } from 'mongoose';
import { AccessLevel } from '../../server/src/access/levels.js';
import type { Models } from '../../server/src/db/models.js';
import { ChangeLog } from '../../server/src/search/change-log.js';
import type { SearchDoc } from '../../server/src/search/types.js';
import { generateArchive } from '../synthetic/archive.js';
import { ALL_TERMS, PLACES } from '../synthetic/vocabulary.js';

export const SYNTHETIC_COLLECTION_SLUG = 'synthetic-read-bench-collection';

export interface SyntheticRecords {
  interviews: number;
  segments: number;
  /** A public interview of the archive, with its page's records (the raw driver reads these). */
  page: { interviewId: Types.ObjectId; narratorIds: Types.ObjectId[]; termIds: Types.ObjectId[]; transcriptLanguage: string; segments: number };
  collectionSlug: string;
  /** A word every interview's speech has: a search page with many hits. */
  searchQuery: string;
  writeSeconds: number;
}

type InterviewDoc = Extract<SearchDoc, { kind: 'interview' }>;

/** Through the model's insertMany (one command a batch), so its defaults (empty lists …) are in as the services write them. */
const insert = (model: unknown, docs: unknown[]) => (model as { insertMany(d: unknown[], o: object): Promise<unknown> }).insertMany(docs, { lean: false });

/** The generator fills every facet and the access guard; the search document's type leaves them optional. */
const facets = (d: InterviewDoc) => ({
  ethnicGroups: d.facets.ethnicGroups ?? [], eras: d.facets.eras ?? [], places: d.facets.places ?? [], topics: d.facets.topics ?? [], languages: d.facets.languages ?? ['kk'],
});
const tags = (d: InterviewDoc) => { const f = facets(d); return [...f.ethnicGroups, ...f.eras, ...f.places, ...f.topics]; };
const guardOf = (d: InterviewDoc) => d.access.interview!;

export async function writeSyntheticArchive(models: Models, interviews: number, log: (line: string) => void): Promise<SyntheticRecords> {
  const started = Date.now();
  const archive = generateArchive({ hours: Infinity, interviews, seed: 20261203 });
  const createdBy = new Types.ObjectId();
  const termIds = new Map(ALL_TERMS.map((t) => [t.id, new Types.ObjectId()]));
  await insert(models.VocabularyTerm, 
    ALL_TERMS.map((t) => ({ _id: termIds.get(t.id)!, kind: t.kind, key: `synthetic-${t.id.replace(':', '-')}`, labels: { kk: t.labels[0], ru: t.labels[1], en: t.labels[2] }, altLabels: t.labels.slice(3) })),
  );
  const bySegments = new Map<string, typeof archive.segments>();
  for (const segment of archive.segments) {
    const list = bySegments.get(segment.interviewId) ?? [];
    list.push(segment);
    bySegments.set(segment.interviewId, list);
  }
  const metadata = archive.docs.filter((d): d is InterviewDoc => d.kind === 'interview');
  const ids = new Map(metadata.map((d) => [d.interviewId, new Types.ObjectId()]));
  const narratorIds = new Map(metadata.map((d) => [d.interviewId, new Types.ObjectId()]));
  const batch = 50;
  for (let from = 0; from < metadata.length; from += batch) {
    const docs = metadata.slice(from, from + batch);
    await insert(models.Narrator, docs.map((d) => ({
      _id: narratorIds.get(d.interviewId)!,
      names: d.names.map((value) => ({ value })),
      displayName: { kk: d.names[0], ru: d.names[0], en: d.names[1] ?? d.names[0] },
      ethnicGroupIds: facets(d).ethnicGroups.map((t) => termIds.get(t)!),
      createdBy,
    })));
    await insert(models.Interview, docs.map((d) => {
      const segments = bySegments.get(d.interviewId) ?? [];
      const guard = guardOf(d);
      return {
        _id: ids.get(d.interviewId)!,
        title: { kk: d.title, ru: d.title, en: d.title },
        summary: { kk: d.summary, ru: d.summary, en: d.summary },
        status: guard.status,
        accessLevel: guard.accessLevel,
        release: { permits: guard.release?.permits ?? AccessLevel.private, withdrawn: guard.release?.withdrawn ?? false, signedOn: new Date(d.recordedOn ?? 0) },
        narratorIds: [narratorIds.get(d.interviewId)!],
        tagIds: tags(d).map((t) => termIds.get(t)!),
        placeTermId: termIds.get(facets(d).places[0]!)!,
        languages: facets(d).languages,
        recordedOn: new Date(d.recordedOn ?? 0),
        durationSeconds: Math.ceil(segments.at(-1)?.end ?? 0),
        interviewers: [{ name: 'Synthetic Interviewer' }],
        createdBy,
      };
    }));
    await insert(models.Transcript, docs.map((d) => ({
      _id: new Types.ObjectId(),
      interviewId: ids.get(d.interviewId)!,
      language: facets(d).languages[0],
      status: 'approved',
      source: 'manual',
      segments: (bySegments.get(d.interviewId) ?? []).map((s) => ({
        _id: new Types.ObjectId(), start: s.start, end: s.end, speaker: 'N', text: s.text,
        ...(s.access.partLevel && { accessLevel: s.access.partLevel }),
      })),
    })));
  }
  const open = metadata.filter((d) => guardOf(d).accessLevel === AccessLevel.public && guardOf(d).status === 'published' && !guardOf(d).release?.withdrawn);
  await insert(models.Collection, [{
    _id: new Types.ObjectId(),
    slug: SYNTHETIC_COLLECTION_SLUG,
    title: { kk: 'Синтетикалық жинақ', ru: 'Синтетическая коллекция', en: 'A synthetic collection (bench)' },
    intro: { en: 'Fifty clips of the synthetic archive.' },
    audience: 'general',
    featured: false,
    status: 'published',
    publishedAt: new Date(),
    createdBy,
    blocks: open.slice(0, 50).map((d) => ({ _id: new Types.ObjectId(), type: 'clip', interviewId: ids.get(d.interviewId)!, start: 0, end: 60, caption: { en: d.title } })),
  }]);
  // As the services do: one logged change per interview, so each instance's search indexes it.
  const changes = new ChangeLog(models);
  for (const d of metadata) await changes.append('Interview', ids.get(d.interviewId)!);
  const page = open[0]!;
  const writeSeconds = Math.round((Date.now() - started) / 100) / 10;
  log(`synthetic archive: ${metadata.length} interviews, ${archive.segments.length} segments, written in ${writeSeconds} s`);
  return {
    interviews: metadata.length,
    segments: archive.segments.length,
    page: {
      interviewId: ids.get(page.interviewId)!,
      narratorIds: [narratorIds.get(page.interviewId)!],
      termIds: tags(page).map((t) => termIds.get(t)!),
      transcriptLanguage: facets(page).languages[0]!,
      segments: bySegments.get(page.interviewId)?.length ?? 0,
    },
    collectionSlug: SYNTHETIC_COLLECTION_SLUG,
    // Every interview names PLACES[1] among its places (bench/synthetic/archive.ts), in its own language.
    searchQuery: PLACES[1]!.forms.en[0]!,
    writeSeconds,
  };
}
