import { languageLabels } from '$lib/format.js';
import { graphql, LessonGuideFields } from '$lib/graphql.js';
import { query } from '$lib/server/client.js';
import type { PageServerLoad } from './$types';

const Collection = graphql(
  `
  query CollectionPage($slug: String!) {
    collectionBySlug(slug: $slug) {
      id
      slug
      title { kk ru en }
      intro { kk ru en }
      audience
      publishedAt
      updatedAt
      lesson {
        ...LessonGuideFields
      }
      blocks {
        id
        type
        text { kk ru en }
        caption { kk ru en }
        alt { kk ru en }
        attribution
        imageKey
        imageUrl
        start
        end
        interview {
          id
          title { kk ru en }
          narrators {
            id
            displayName { kk ru en }
          }
          languages
          playbackUrl
          playbackKind
          transcript {
            language
          }
          tags {
            key
          }
        }
      }
    }
  }
`,
  [LessonGuideFields],
);

export const load: PageServerLoad = async (event) => {
  const { collectionBySlug: collection } = await query(event, Collection, { slug: event.params.slug });
  const spoken = new Set(collection.blocks.flatMap((b) => b.interview?.transcript ? [b.interview.transcript.language] : []));
  // The API's stable media URL (it redirects to a short-lived storage link), absent until an access
  // copy is ready: then the clip says it is being prepared and links to the interview at its moment.
  const clipMedia: Record<string, { src: string; kind: 'audio' | 'video' }> = {};
  for (const block of collection.blocks) {
    if (block.type === 'clip' && block.interview?.playbackUrl) {
      clipMedia[block.id] = { src: block.interview.playbackUrl, kind: block.interview.playbackKind === 'video' ? 'video' : 'audio' };
    }
  }
  return {
    collection,
    // Caption track labels, formatted on the server (see the interview page for why).
    languageLabels: languageLabels(spoken, event.locals.lang),
    clipMedia,
    // Pictures uploaded through the archive are served under the collection's access rule; any other
    // keeps its description in place of the picture.
    imageUrls: Object.fromEntries(collection.blocks.flatMap((b) => (b.imageKey && b.imageUrl ? [[b.imageKey, b.imageUrl]] : []))) as Record<string, string>,
    origin: event.url.origin,
  };
};
