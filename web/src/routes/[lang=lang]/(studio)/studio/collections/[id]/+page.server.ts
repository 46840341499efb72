import { fail } from '@sveltejs/kit';
import { EditorBlockFields, EditorCollectionFields, graphql } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { clipInterviews, formBlocks } from '$lib/server/collection-editor.js';
import { localized } from '$lib/server/forms.js';
import { actionFailure, isEditor, requireStaff } from '$lib/server/studio.js';
import type { Actions, PageServerLoad } from './$types';

const Collection = graphql(
  `
  query StudioCollection($id: ID!) {
    collection(id: $id) {
      ...EditorCollectionFields
      blocks: blocksToEdit {
        ...EditorBlockFields
        imageUrl
      }
    }
  }
`,
  [EditorBlockFields, EditorCollectionFields],
);
const Update = graphql(`mutation StudioUpdateCollection($input: UpdateCollectionInput!) { updateCollection(input: $input) { id version } }`);
const Publish = graphql(`mutation StudioPublishCollection($id: ID!, $version: Int!) { publishCollection(id: $id, version: $version) { id status } }`);
const Unpublish = graphql(`mutation StudioUnpublishCollection($id: ID!, $version: Int!) { unpublishCollection(id: $id, version: $version) { id status } }`);

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event);
  const [{ collection }, interviews] = await Promise.all([query(event, Collection, { id: event.params.id }), clipInterviews(event)]);
  return { collection, interviews, editor: isEditor(user) };
};

export const actions: Actions = {
  save: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    const blocks = formBlocks(form);
    if (!blocks) return fail(400, { problem: 'blocks: not a list' });
    const title = localized(form, 'title');
    try {
      await execute(event, Update, {
        input: { id: event.params.id, version: Number(form.get('version')), title, intro: localized(form, 'intro'), blocks },
      });
    } catch (err) {
      return actionFailure(err);
    }
    return { saved: true };
  },
  publish: async (event) => {
    requireStaff(event);
    const form = await event.request.formData();
    const unpublish = form.get('unpublish') === '1';
    try {
      const vars = { id: event.params.id, version: Number(form.get('version')) };
      if (unpublish) await execute(event, Unpublish, vars);
      else await execute(event, Publish, vars);
    } catch (err) {
      return actionFailure(err);
    }
    return { published: !unpublish };
  },
};
