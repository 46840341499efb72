import { error, redirect } from '@sveltejs/kit';
import { buildsLessons, isAdmin, isEditor, isLessonPath, isStaff, isTeacher, requireStaff } from '$lib/server/studio.js';
import type { LayoutServerLoad } from './$types';

// Every studio page is personal and changes with each save: never cached, never indexed.
export const load: LayoutServerLoad = (event) => {
  const user = requireStaff(event, buildsLessons);
  // Teachers build their own lessons here and see nothing else of the studio, whatever a page checks.
  if (!isStaff(user) && !isLessonPath(event.url.pathname)) {
    if (/^\/[a-z]{2}\/studio\/?$/.test(event.url.pathname)) redirect(303, `/${event.locals.lang}/studio/lessons`);
    error(403, 'Staff only');
  }
  event.setHeaders({ 'cache-control': 'private, no-store' });
  return { staff: { staff: isStaff(user), editor: isEditor(user), admin: isAdmin(user), teacher: isTeacher(user) } };
};
