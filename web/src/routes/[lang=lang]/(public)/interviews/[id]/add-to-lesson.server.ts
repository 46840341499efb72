import { fail } from '@sveltejs/kit';
import { str } from '$lib/server/forms.js';
import { addClip, createLesson, clipInput } from '$lib/server/lessons.js';
import { actionFailure, buildsLessons, requireStaff } from '$lib/server/studio.js';
import type { Actions } from './$types';

/** "Add to my lesson": the range chosen on the interview page goes to one of the teacher's lessons, or a new one. */
export const actions: Actions = {
  addToLesson: async (event) => {
    requireStaff(event, buildsLessons);
    const form = await event.request.formData();
    const start = Number(str(form, 'start'));
    const end = Number(str(form, 'end'));
    const lessonId = str(form, 'lesson') ?? 'new';
    const values = { start: str(form, 'start') ?? '', end: str(form, 'end') ?? '', lesson: lessonId, newTitle: str(form, 'newTitle') ?? '' };
    if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0 || end <= start) return fail(400, { lessonAdd: true, badRange: true, values, problem: null });
    const clip = { interviewId: event.params.id, start, end };
    let id = lessonId;
    try {
      if (lessonId === 'new') {
        const lang = event.locals.lang;
        if (!values.newTitle) return fail(400, { lessonAdd: true, missingTitle: true, values, problem: null });
        id = await createLesson(event, { kk: null, ru: null, en: null, [lang]: values.newTitle }, clipInput(clip));
      } else {
        await addClip(event, lessonId, clip);
      }
    } catch (err) {
      return actionFailure(err, { lessonAdd: true, values });
    }
    return { lessonAdd: true, added: id };
  },
};
