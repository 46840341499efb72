import { fail, redirect } from '@sveltejs/kit';
import { query } from '$lib/server/client.js';
import { str } from '$lib/server/forms.js';
import { MyLessons, createLesson } from '$lib/server/lessons.js';
import { actionFailure, buildsLessons, requireStaff } from '$lib/server/studio.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireStaff(event, buildsLessons);
  return { lessons: (await query(event, MyLessons)).collections.nodes };
};

export const actions: Actions = {
  default: async (event) => {
    requireStaff(event, buildsLessons);
    const title = str(await event.request.formData(), 'title');
    if (!title) return fail(400, { missingTitle: true, problem: null });
    // Written in the language the teacher reads the site in; the lesson page edits every language.
    const lang = event.locals.lang;
    let id: string;
    try {
      id = await createLesson(event, { kk: null, ru: null, en: null, [lang]: title });
    } catch (err) {
      return actionFailure(err, { missingTitle: false });
    }
    redirect(303, `/${lang}/studio/lessons/${id}`);
  },
};
