import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { ApiError, execute, query } from '$lib/server/client.js';
import type { Actions, PageServerLoad } from './$types';

const Requestable = graphql(`
  query RequestableAccess($interviewId: ID!, $partId: ID) { requestableAccess(interviewId: $interviewId, partId: $partId) { level maxDays } }
`);
const Ask = graphql(`
  mutation RequestAccess($input: RequestAccessInput!) { requestAccess(input: $input) { id } }
`);

/**
 * The "withheld" notice: that something is withheld and from whom it is open, never what. Only what
 * may be asked for has one; anything hidden (unpublished, private, withdrawn, embargoed) is the same
 * 404 as its page.
 */
export const load: PageServerLoad = async (event) => {
  const partId = event.url.searchParams.get('part');
  const { requestableAccess } = await query(event, Requestable, { interviewId: event.params.id, partId });
  if (!requestableAccess) error(404, 'Not found');
  event.setHeaders({ 'cache-control': 'private, no-store' });
  return { requestable: requestableAccess, partId, interviewId: event.params.id };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const purpose = String(form.get('purpose') ?? '');
    const institution = String(form.get('institution') ?? '').trim() || null;
    const days = Number(form.get('days'));
    const partId = String(form.get('partId') ?? '') || null;
    try {
      await execute(event, Ask, { input: { interviewId: event.params.id, partId, purpose, institution, days } });
      return { sent: true };
    } catch (err) {
      return fail(400, { purpose, institution, days, problem: err instanceof ApiError ? err.message : 'unavailable' });
    }
  },
};
