import type { RequestEvent } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { toBlockInputs } from '$lib/studio/blocks.js';
import { query } from './client.js';

/**
 * What the studio's two collection builders (the editors' collection editor and a teacher's lesson
 * editor) load and save alike.
 */

// The clip picker lists interviews with the address of their recording. The API filters by the
// viewer: staff see every interview, a teacher what they may see.
const ClipInterviews = graphql(`
  query StudioClipInterviews { interviews(first: 100) { nodes { id title { kk ru en } playbackUrl waveformUrl } } }
`);

export async function clipInterviews(event: Pick<RequestEvent, 'locals' | 'getClientAddress' | 'request'>) {
  return (await query(event, ClipInterviews)).interviews.nodes;
}

/** The builder's blocks as its form sends them (JSON), ready for updateCollection; null when they are not a list. */
export function formBlocks(form: FormData): ReturnType<typeof toBlockInputs> | null {
  try {
    return toBlockInputs(JSON.parse(String(form.get('blocks') ?? '[]')));
  } catch {
    return null;
  }
}
