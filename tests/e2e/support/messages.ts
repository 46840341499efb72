import en from '../../../web/messages/en.json' with { type: 'json' };
import kk from '../../../web/messages/kk.json' with { type: 'json' };
import ru from '../../../web/messages/ru.json' with { type: 'json' };
import type { Lang } from './seed-data.js';

/** The site's interface texts, so tests find elements by what a reader sees in each language. */
export const MESSAGES: Record<Lang, typeof en> = { kk, ru, en };
