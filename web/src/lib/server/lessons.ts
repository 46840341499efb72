import { randomBytes } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { EditorBlockFields, graphql } from '$lib/graphql.js';
import { execute } from './client.js';
import { fromApi, toBlockInputs } from '$lib/studio/blocks.js';

/**
 * A teacher's lesson is a collection for schools that stays a draft (only editors publish): shared
 * with a class through class links, never on the public site. Used by the studio and the interview page.
 */
type Event = Pick<RequestEvent, 'locals' | 'getClientAddress' | 'request'>;
type Text = { kk: string | null; ru: string | null; en: string | null };

export const MyLessons = graphql(`
  query MyLessons { collections(first: 100, filter: { mine: true, audience: school }) { nodes { id slug status title { kk ru en } updatedAt } } }
`);

export const LessonBlocks = graphql(
  `
  query LessonBlocks($id: ID!) {
    collection(id: $id) {
      id
      version
      blocks: blocksToEdit { ...EditorBlockFields }
    }
  }
`,
  [EditorBlockFields],
);

const Create = graphql(`mutation CreateLesson($input: CreateCollectionInput!) { createCollection(input: $input) { id } }`);
const Update = graphql(`mutation AddToLesson($input: UpdateCollectionInput!) { updateCollection(input: $input) { id version } }`);

/** Teachers do not think in URL slugs; a lesson's is random (it has no public page). */
const lessonSlug = () => `lesson-${randomBytes(5).toString('hex')}`;

export async function createLesson(event: Event, title: Text, blocks: ReturnType<typeof toBlockInputs> = []): Promise<string> {
  const input = { slug: lessonSlug(), title, audience: 'school' as const, blocks };
  return (await execute(event, Create, { input })).data.createCollection.id;
}

export interface NewClip {
  interviewId: string;
  start: number;
  end: number;
}

export const clipInput = (clip: NewClip) => toBlockInputs([{ type: 'clip', id: null, interviewId: clip.interviewId, start: clip.start, end: clip.end }]);

/** Appends a clip; the API replaces the whole list, so the saved blocks go back with it (ids keep them). */
export async function addClip(event: Event, lessonId: string, clip: NewClip): Promise<void> {
  const { collection } = (await execute(event, LessonBlocks, { id: lessonId })).data;
  const blocks = [...toBlockInputs((collection.blocks ?? []).map(fromApi)), ...clipInput(clip)];
  await execute(event, Update, { input: { id: collection.id, version: collection.version, blocks } });
}

/** "One per line" in each language: line i of every language is item i. */
export function localizedLines(form: FormData, prefix: string): Text[] {
  const lines = (l: string) => String(form.get(`${prefix}_${l}`) ?? '').split(/\r?\n/).map((x) => x.trim());
  const [kk, ru, en] = [lines('kk'), lines('ru'), lines('en')];
  const n = Math.max(kk.length, ru.length, en.length);
  return Array.from({ length: n }, (_, i) => ({ kk: kk[i] || null, ru: ru[i] || null, en: en[i] || null })).filter((t) => t.kk || t.ru || t.en);
}
