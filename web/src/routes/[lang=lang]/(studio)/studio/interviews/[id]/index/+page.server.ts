import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { actionFailure, requireStaff } from '$lib/server/studio.js';
import type { Actions, PageServerLoad } from './$types';

const Chapters = graphql(`
  query StudioChapters($id: ID!) {
    interview(id: $id) {
      id
      version
      title { kk ru en }
      durationSeconds
      indexSegments { id start end keywords accessLevel silencedFor title { kk ru en } synopsis { kk ru en } }
    }
  }
`);
const Save = graphql(`
  mutation StudioSetChapters($input: SetIndexSegmentsInput!) { setIndexSegments(input: $input) { id version } }
`);

export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  return { interview: (await query(event, Chapters, { id: event.params.id })).interview };
};

const LANGS = ['kk', 'ru', 'en'] as const;
const LEVELS = ['public', 'education', 'research', 'private'] as const;
type AccessLevel = (typeof LEVELS)[number];

export const actions: Actions = {
  // Rows are numbered fields (start-0, title_en-0 …): the whole index is sent and replaced at once.
  default: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    const rows = Number(form.get('rows') ?? 0);
    const get = (name: string) => String(form.get(name) ?? '').trim();
    const segments = [];
    for (let i = 0; i < rows; i++) {
      if (form.get(`remove-${i}`)) continue;
      const title = Object.fromEntries(LANGS.map((l) => [l, get(`title_${l}-${i}`) || null]));
      const start = get(`start-${i}`);
      if (!start && !LANGS.some((l) => title[l])) continue; // the empty row for a new chapter
      if (!start || !LANGS.some((l) => title[l])) return fail(400, { problem: null, incomplete: i + 1 });
      const end = get(`end-${i}`);
      segments.push({
        start: Number(start),
        end: end ? Number(end) : null,
        title,
        synopsis: Object.fromEntries(LANGS.map((l) => [l, get(`synopsis_${l}-${i}`) || null])),
        keywords: get(`keywords-${i}`).split(',').map((k) => k.trim()).filter(Boolean),
        // Sent back as it was unless changed: leaving it out would open a restricted chapter.
        accessLevel: (LEVELS.find((l) => l === get(`level-${i}`)) ?? null) as AccessLevel | null,
      });
    }
    segments.sort((a, b) => a.start - b.start);
    try {
      await execute(event, Save, { input: { id: event.params.id, version: Number(form.get('version')), segments } });
    } catch (err) {
      return actionFailure(err);
    }
    return { saved: true };
  },
};
