import type { LayoutServerLoad } from './$types';

// The session is asked beside the page's own query (hooks.server.ts), not before it.
export const load: LayoutServerLoad = async ({ locals }) => ({ lang: locals.lang, user: await locals.session });
