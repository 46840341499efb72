import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { str } from '$lib/server/forms.js';
import { actionFailure, isEditor, requireStaff, when } from '$lib/server/studio.js';
import type { Actions, PageServerLoad } from './$types';

const Queue = graphql(`
  query StudioAccessRequests($state: AccessRequestState, $interviewId: ID) {
    accessRequests(state: $state, interviewId: $interviewId) {
      id interviewId interviewTitle { kk ru en } partKind partStart partEnd requesterName requesterEmail level purpose institution days state reason
      endedByWithdrawal grantedUntil mayDownload createdAt
    }
    maxGrantDays
  }
`);
const Grant = graphql(`mutation StudioGrantAccess($input: GrantAccessInput!) { grantAccess(input: $input) { id } }`);
const Refuse = graphql(`mutation StudioRefuseAccess($id: ID!, $reason: String!) { refuseAccess(id: $id, reason: $reason) { id } }`);
const End = graphql(`mutation StudioEndAccess($id: ID!, $reason: String) { endAccess(id: $id, reason: $reason) { id } }`);

const STATES = ['requested', 'granted', 'refused', 'ended'] as const;
type State = (typeof STATES)[number];
const DAY = 86_400_000;

/** The editors' queue: newest first, filtered by state and interview; each decision mails the requester (the API does). */
export const load: PageServerLoad = async (event) => {
  requireStaff(event, isEditor);
  const stateParam = event.url.searchParams.get('state');
  const state = (STATES as readonly string[]).includes(stateParam ?? '') ? (stateParam as State) : null;
  const asked = event.url.searchParams.get('interview')?.trim() || null;
  // Anything but an id (a pasted title, a typo) is named back and not sent: the API would refuse it.
  const interviewId = asked && /^[0-9a-f]{24}$/i.test(asked) ? asked.toLowerCase() : null;
  const { accessRequests, maxGrantDays } = await query(event, Queue, { state, interviewId });
  const lang = event.locals.lang;
  const today = new Date();
  return {
    filter: { state, interviewId },
    badInterview: asked && !interviewId ? asked.slice(0, 100) : null,
    maxDays: maxGrantDays,
    latest: new Date(today.getTime() + maxGrantDays * DAY).toISOString().slice(0, 10),
    states: STATES,
    requests: accessRequests.map((r) => ({
      ...r,
      asked: when(r.createdAt, lang),
      until: r.grantedUntil ? when(r.grantedUntil, lang) : null,
      // The date field's default: what they asked for (the API refuses more than its maximum).
      suggested: new Date(today.getTime() + Math.min(r.days, maxGrantDays) * DAY).toISOString().slice(0, 10),
    })),
  };
};

/**
 * A date from the form, as the start of that day in UTC: the API measures the maximum from now, so a
 * grant "until" the last allowed day is still within it. Null: not a date.
 */
const dayOf = (value: string | null | undefined) => {
  const d = value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};

export const actions: Actions = {
  grant: async (event) => {
    requireStaff(event, isEditor);
    const form = await event.request.formData();
    const id = str(form, 'id') ?? '';
    const until = dayOf(str(form, 'until'));
    if (!until) return fail(400, { id, problem: 'until: choose a date', code: 'BAD_USER_INPUT' });
    try {
      await execute(event, Grant, { input: { id, until: until.toISOString(), mayDownload: form.get('mayDownload') === 'on' } });
    } catch (err) {
      return actionFailure(err, { id });
    }
    return { done: id };
  },
  refuse: async (event) => {
    requireStaff(event, isEditor);
    const form = await event.request.formData();
    const id = str(form, 'id') ?? '';
    try {
      await execute(event, Refuse, { id, reason: str(form, 'reason') ?? '' });
    } catch (err) {
      return actionFailure(err, { id });
    }
    return { done: id };
  },
  end: async (event) => {
    requireStaff(event, isEditor);
    const form = await event.request.formData();
    const id = str(form, 'id') ?? '';
    try {
      await execute(event, End, { id, reason: str(form, 'reason') });
    } catch (err) {
      return actionFailure(err, { id });
    }
    return { done: id };
  },
};
