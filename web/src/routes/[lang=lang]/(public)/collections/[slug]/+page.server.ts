import { languageLabel } from '$lib/format.js';
import { graphql } from '$lib/graphql.js';
import { query } from '$lib/server/client.js';
import type { PageServerLoad } from './$types';

const Collection = graphql(`
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
        ageGuidance
        minimumAge
        contentNotes { kk ru en }
        learningGoals { kk ru en }
        discussionQuestions { kk ru en }
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
          transcripts {
            language
          }
          tags {
            key
          }
        }
      }
    }
  }
`);

export const load: PageServerLoad = async (event) => {
  const { collectionBySlug: collection } = await query(event, Collection, { slug: event.params.slug });
  const spoken = new Set(collection.blocks.flatMap((b) => b.interview?.transcripts.map((t) => t.language) ?? []));
  return {
    collection,
    // Caption track labels, formatted on the server (see the interview page for why).
    languageLabels: Object.fromEntries([...spoken].map((code) => [code, languageLabel(code, event.locals.lang)])) as Record<string, string>,
    // Clips have no URLs from the API yet: they show "being prepared" and link to the interview at
    // their moment. Pictures uploaded through the archive are served under the collection's access
    // rule; any other keeps its description in place of the picture.
    clipMedia: {} as Record<string, { src: string; kind: 'audio' | 'video' }>,
    imageUrls: Object.fromEntries(collection.blocks.flatMap((b) => (b.imageKey && b.imageUrl ? [[b.imageKey, b.imageUrl]] : []))) as Record<string, string>,
    origin: event.url.origin,
  };
};
