import { fail, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { localized, str } from '$lib/server/forms.js';
import { actionFailure, isEditor, requireStaff } from '$lib/server/studio.js';
import type { Actions, PageServerLoad } from './$types';

const Row = graphql(`
  fragment StudioCollectionRow on Collection { id slug status title { kk ru en } updatedAt }
`);
const Mine = graphql(`query StudioMyCollections { collections(first: 50, filter: { mine: true }) { nodes { ...StudioCollectionRow } } }`, [Row]);
const Drafts = graphql(`query StudioDraftCollections { collections(first: 50, filter: { status: draft }) { nodes { ...StudioCollectionRow } } }`, [Row]);
const Create = graphql(`mutation StudioCreateCollection($input: CreateCollectionInput!) { createCollection(input: $input) { id } }`);

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event);
  const [mine, drafts] = await Promise.all([query(event, Mine), isEditor(user) ? query(event, Drafts) : null]);
  return { mine: mine.collections.nodes, drafts: drafts?.collections.nodes ?? null };
};

export const actions: Actions = {
  default: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    const title = localized(form, 'title');
    const slug = str(form, 'slug') ?? '';
    const values = { slug, title_kk: title.kk ?? '', title_ru: title.ru ?? '', title_en: title.en ?? '' };
    if (!title.kk && !title.ru && !title.en) return fail(400, { values, problem: null, missingTitle: true });
    let id: string;
    try {
      const audience = str(form, 'audience') === 'school' ? 'school' : 'general';
      ({ createCollection: { id } } = (await execute(event, Create, { input: { slug, title, audience } })).data);
    } catch (err) {
      return actionFailure(err, { values });
    }
    redirect(303, `/${event.locals.lang}/studio/collections/${id}`);
  },
};
