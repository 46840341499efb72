import { Args, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { canManageUsers, canViewCollection, requireThat } from '../access/policy.js';
import { type LocalizedText, toLocalized } from '../common/localized.js';
import type { Context } from '../context.js';
import { FACET_NAMES, type FacetName, type SearchFilters } from './types.js';
import { SearchArgs, SearchResult } from './search.type.js';

const TERM_FACETS: readonly FacetName[] = ['ethnicGroups', 'eras', 'places', 'topics'];

function pathOf(hit: { kind: string; interviewId?: string; narratorId?: string; collectionId?: string; start?: number }) {
  if (hit.interviewId) return `/interviews/${hit.interviewId}${hit.start != null ? `?t=${Math.floor(hit.start)}` : ''}`;
  if (hit.narratorId) return `/narrators/${hit.narratorId}`;
  if (hit.collectionId) return `/collections/${hit.collectionId}`;
  return null;
}

/**
 * Vocabulary labels for term facets, titles for the collections facet (as far as the viewer may see
 * them). Term names come from the index, read with the terms it matches and kept in step by the same
 * log: a page of results names its facet values without reading a term (about 90 lookups a page
 * on the synthetic archive before). The vocabulary is public; collections are judged here.
 */
async function facetLabels(ctx: Context, name: FacetName, values: string[]): Promise<(LocalizedText | null)[]> {
  if (TERM_FACETS.includes(name)) return ctx.services.search.termLabels(values).map((names) => (names ? toLocalized(names) : null));
  if (name === 'collections') {
    const docs = new Map((await ctx.reads.collections.getMany(values)).map((c) => [c._id.toHexString(), c]));
    return values.map((v) => {
      const c = docs.get(v);
      return c && canViewCollection(ctx.actor, c) ? toLocalized(c.title) : null;
    });
  }
  return values.map(() => null);
}

@Resolver()
export class SearchResolver {
  @Query(() => SearchResult, { description: 'Transcripts, chapters and records, across scripts; only what the viewer may see' })
  async search(@Args(() => SearchArgs) args: SearchArgs, @Ctx() ctx: Context): Promise<SearchResult> {
    const f = args.filters ?? {};
    const filters: SearchFilters = {
      ...Object.fromEntries(FACET_NAMES.map((n) => [n, f[n]]).filter(([, v]) => v?.length)),
      ...(f.kinds?.length ? { kinds: f.kinds as SearchFilters['kinds'] } : {}),
      ...(f.recordedFrom ? { recordedFrom: f.recordedFrom.getTime() } : {}),
      ...(f.recordedTo ? { recordedTo: f.recordedTo.getTime() } : {}),
    };
    const res = await ctx.services.search.query(ctx.actor, args.q, {
      filters,
      facets: FACET_NAMES,
      limit: args.first,
      offset: args.offset,
      sort: args.sort,
    }, ctx.now);
    const facets = await Promise.all(
      FACET_NAMES.map(async (name) => {
        const counts = res.facets[name] ?? [];
        const labels = await facetLabels(ctx, name, counts.map((c) => c.value));
        return { name, values: counts.map((c, i) => ({ value: c.value, count: c.count, label: labels[i] ?? null })) };
      }),
    );
    return {
      total: res.total,
      vocabularyMatches: res.vocabularyMatches,
      facets,
      hits: res.hits.map((h) => ({
        kind: h.kind,
        interviewId: h.interviewId ?? null,
        segmentId: h.segmentId ?? null,
        narratorId: h.narratorId ?? null,
        collectionId: h.collectionId ?? null,
        start: h.start ?? null,
        end: h.end ?? null,
        title: h.title ?? null,
        snippet: h.snippet.text,
        highlights: h.snippet.highlights.map(([start, end]) => ({ start, end })),
        path: pathOf(h),
        score: h.score,
        narratorInterviewIds: h.narratorInterviewIds,
      })),
    };
  }

  @Mutation(() => Int, { description: 'Admins: rebuild this API instance\'s index from the database; returns the documents indexed' })
  async rebuildSearchIndex(@Ctx() ctx: Context): Promise<number> {
    requireThat(ctx.actor, canManageUsers(ctx.actor), 'Only an admin rebuilds the search index');
    await ctx.services.search.rebuild();
    return ctx.services.search.size;
  }
}
