import { redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { date } from '$lib/format.js';
import { query } from '$lib/server/client.js';
import type { PageServerLoad } from './$types';

const Mine = graphql(`
  query MyAccessRequests {
    myAccessRequests { id interviewId interviewTitle { kk ru en } partKind partStart partEnd state reason endedByWithdrawal days grantedUntil createdAt }
  }
`);

export const load: PageServerLoad = async (event) => {
  if (!(await event.locals.session)) redirect(303, `/${event.locals.lang}/sign-in?redirectTo=${encodeURIComponent(event.url.pathname)}`);
  event.setHeaders({ 'cache-control': 'private, no-store' });
  const { myAccessRequests } = await query(event, Mine, {});
  const lang = event.locals.lang;
  // Dates formatted on the server (see the interview page: a browser's Intl may lack Kazakh).
  return {
    requests: myAccessRequests.map((r) => ({ ...r, asked: date(r.createdAt, lang), until: r.grantedUntil ? date(r.grantedUntil, lang) : null })),
  };
};
