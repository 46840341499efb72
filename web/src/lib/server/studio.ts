import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from '$lib/types.js';
import { ApiError } from './client.js';

export type StaffRole = 'researcher' | 'editor' | 'admin';

export const isStaff = (user: SessionUser | null) => !!user?.roles.some((r) => r === 'researcher' || r === 'editor' || r === 'admin');
export const isEditor = (user: SessionUser | null) => !!user?.roles.some((r) => r === 'editor' || r === 'admin');
export const isAdmin = (user: SessionUser | null) => !!user?.roles.includes('admin');
export const isTeacher = (user: SessionUser | null) => !!user?.roles.includes('teacher');
/** Who builds lessons of their own in the studio; the API keeps each to their own lessons. */
export const buildsLessons = (user: SessionUser | null) => isStaff(user) || isTeacher(user);
/** The only part of the studio a teacher (without a staff role) may open. */
export const isLessonPath = (pathname: string) => /^\/[a-z]{2}\/studio\/lessons(\/|$)/.test(pathname);

/** Every studio load and action starts here: anonymous visitors go to sign-in and come back; others get 403. */
export function requireStaff(event: Pick<RequestEvent, 'locals' | 'url'>, check: (u: SessionUser | null) => boolean = isStaff): SessionUser {
  const { user, lang } = event.locals;
  if (!user) redirect(303, `/${lang}/sign-in?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
  if (!check(user)) error(403, 'Staff only');
  return user;
}

/** A failed studio action: the API's own words go back to the form (staff may know why). */
export function actionFailure(err: unknown, extra: Record<string, unknown> = {}) {
  if (err instanceof ApiError) {
    const status = err.code === 'CONFLICT' ? 409 : err.code === 'FORBIDDEN' ? 403 : err.code === 'NOT_FOUND' ? 404 : 400;
    return fail(status, { ...extra, problem: err.message, code: err.code });
  }
  throw err;
}

/** A moment for people, in the interface language, formatted on the server (Node has full ICU). */
export const when = (iso: string, lang: string) =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Almaty' }).format(new Date(iso));
