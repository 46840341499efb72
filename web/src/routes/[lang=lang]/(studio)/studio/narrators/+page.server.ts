import { fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { localized } from '$lib/server/forms.js';
import { displayNames } from '$lib/studio/narrator-form.js';
import { actionFailure, requireStaff } from '$lib/server/studio.js';
import type { Actions, PageServerLoad } from './$types';

const List = graphql(`
  query StudioNarrators($search: String, $after: String) {
    narrators(first: 50, after: $after, filter: { search: $search }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id displayName { kk ru en } roles detailsPublic }
    }
  }
`);
const Create = graphql(`mutation StudioCreateNarrator($input: CreateNarratorInput!) { createNarrator(input: $input) { id } }`);

export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  const search = event.url.searchParams.get('q')?.trim().slice(0, 200) || null;
  const after = event.url.searchParams.get('after') || null;
  const { narrators } = await query(event, List, { search, after });
  return { search, narrators: narrators.nodes, total: narrators.totalCount, next: narrators.pageInfo.hasNextPage ? narrators.pageInfo.endCursor : null };
};

export const actions: Actions = {
  default: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    const displayName = localized(form, 'name');
    const values = { name_kk: displayName.kk ?? '', name_ru: displayName.ru ?? '', name_en: displayName.en ?? '' };
    const names = displayNames(displayName);
    if (!names.length) return fail(400, { values, problem: null, missingTitle: true });
    let id: string;
    try {
      ({ createNarrator: { id } } = (await execute(event, Create, { input: { names, displayName } })).data);
    } catch (err) {
      return actionFailure(err, { values });
    }
    redirect(303, `/${event.locals.lang}/studio/narrators/${id}`);
  },
};
