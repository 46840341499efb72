import { m } from '$lib/paraglide/messages.js';

/**
 * What an error page says, the site's and the embed's alike: one wording for "missing" and "not open
 * to you" (load functions turn NOT_FOUND and FORBIDDEN alike into 404), another for anything else.
 */
export function errorWording(status: number): { title: string; text: string } {
  return status === 404
    ? { title: m.error_not_found_title(), text: m.error_not_found_text() }
    : { title: m.error_generic_title(), text: m.error_generic_text() };
}
