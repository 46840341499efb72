import { fail } from '@sveltejs/kit';
import { EditorBlockFields, EditorCollectionFields, graphql, LessonGuideFields } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { clipInterviews, formBlocks } from '$lib/server/collection-editor.js';
import { localized, str } from '$lib/server/forms.js';
import { localizedLines } from '$lib/server/lessons.js';
import { actionFailure, buildsLessons, requireStaff, when } from '$lib/server/studio.js';
import type { Actions, PageServerLoad } from './$types';

const Lesson = graphql(
  `
  query StudioLesson($id: ID!) {
    collection(id: $id) {
      ...EditorCollectionFields
      lesson { ...LessonGuideFields }
      blocks: blocksToEdit { ...EditorBlockFields }
    }
    classLinks(collectionId: $id) { id createdAt expiresAt revokedAt active }
  }
`,
  [LessonGuideFields, EditorBlockFields, EditorCollectionFields],
);
const Save = graphql(`mutation SaveLesson($input: UpdateCollectionInput!) { updateCollection(input: $input) { id version } }`);
const CreateLink = graphql(`
  mutation CreateClassLink($id: ID!, $days: Int!, $language: String!) { createClassLink(collectionId: $id, days: $days, language: $language) { url link { id } } }
`);
const RevokeLink = graphql(`mutation RevokeClassLink($id: ID!) { revokeClassLink(id: $id) { id active } }`);

export const load: PageServerLoad = async (event) => {
  requireStaff(event, buildsLessons);
  const [{ collection, classLinks }, interviews] = await Promise.all([query(event, Lesson, { id: event.params.id }), clipInterviews(event)]);
  const lang = event.locals.lang;
  return {
    collection,
    interviews,
    links: classLinks.map((l) => ({ ...l, created: when(l.createdAt, lang), expires: when(l.expiresAt, lang), revoked: l.revokedAt ? when(l.revokedAt, lang) : null })),
  };
};

const minimumAge = (value: string | undefined) => {
  const n = Number(value);
  return value && Number.isInteger(n) ? n : null;
};

export const actions: Actions = {
  save: async (event) => {
    requireStaff(event, buildsLessons);
    const form = await event.request.formData();
    const blocks = formBlocks(form);
    if (!blocks) return fail(400, { problem: 'blocks: not a list' });
    const lesson = {
      ageGuidance: str(form, 'ageGuidance') ?? null,
      minimumAge: minimumAge(str(form, 'minimumAge')),
      contentNotes: localizedLines(form, 'contentNotes'),
      learningGoals: localizedLines(form, 'learningGoals'),
      discussionQuestions: localizedLines(form, 'discussionQuestions'),
    };
    try {
      await execute(event, Save, {
        input: { id: event.params.id, version: Number(form.get('version')), title: localized(form, 'title'), intro: localized(form, 'intro'), lesson, blocks },
      });
    } catch (err) {
      return actionFailure(err);
    }
    return { saved: true };
  },
  link: async (event) => {
    requireStaff(event, buildsLessons);
    const days = Number(str(await event.request.formData(), 'days') ?? 30);
    if (!Number.isInteger(days) || days < 1 || days > 365) return fail(400, { linkProblem: true, daysInvalid: true, problem: null });
    try {
      const { createClassLink } = (await execute(event, CreateLink, { id: event.params.id, days, language: event.locals.lang })).data;
      // Shown this once: only its hash is stored.
      return { linkProblem: false, classLink: createClassLink.url, linkId: createClassLink.link.id };
    } catch (err) {
      return actionFailure(err, { linkProblem: true });
    }
  },
  revoke: async (event) => {
    requireStaff(event, buildsLessons);
    const id = String((await event.request.formData()).get('id') ?? '');
    try {
      await execute(event, RevokeLink, { id });
    } catch (err) {
      return actionFailure(err, { linkProblem: true });
    }
    return { linkProblem: false, revoked: id };
  },
};
