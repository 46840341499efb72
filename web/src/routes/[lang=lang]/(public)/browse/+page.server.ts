import { waysIn } from '$lib/server/terms.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => waysIn(event);
