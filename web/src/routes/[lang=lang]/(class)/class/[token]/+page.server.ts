import { languageLabels } from '$lib/format.js';
import { graphql, LessonGuideFields } from '$lib/graphql.js';
import { query } from '$lib/server/client.js';
import type { PageServerLoad } from './$types';

const ClassLesson = graphql(
  `
  query ClassLesson($token: String!) {
    classLesson(token: $token) {
      title { kk ru en }
      intro { kk ru en }
      expiresAt
      lesson {
        ...LessonGuideFields
      }
      blocks {
        id
        type
        available
        text { kk ru en }
        caption { kk ru en }
        alt { kk ru en }
        attribution
        start
        end
        interviewTitle { kk ru en }
        mediaKind
        language
        segments { start end speaker text }
      }
    }
  }
`,
  [LessonGuideFields],
);

/**
 * A lesson opened by a pupil through a class link, without an account. The API checks the link and
 * the access policy on every request; a link that does not work is the same 404 as a missing page.
 */
export const load: PageServerLoad = async (event) => {
  // The token is the key to the lesson: it must not travel in a Referer header, be cached or indexed.
  event.setHeaders({ 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex, nofollow', 'cache-control': 'private, no-store' });
  const { classLesson } = await query(event, ClassLesson, { token: event.params.token });
  const spoken = new Set(classLesson.blocks.flatMap((b) => (b.language ? [b.language] : [])));
  return {
    lesson: classLesson,
    base: `/api/class/${encodeURIComponent(event.params.token)}/clips`,
    languageLabels: languageLabels(spoken, event.locals.lang),
  };
};
