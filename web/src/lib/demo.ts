import type { LocalizedText } from './localized.js';

/**
 * Whether an interview or collection is invented demo material, which DOMAIN.md requires every page
 * to say. The API has no field for it yet, so the site recognises the two marks the demo data
 * carries: a vocabulary term with the key `invented-demo`, or "(demo)"/"(демо)" in a title.
 * (Replace with the API's own flag when it has one.)
 */
export function isInventedDemo(item: { title: LocalizedText; tags?: readonly { key: string }[] }): boolean {
  if (item.tags?.some((tag) => tag.key === 'invented-demo')) return true;
  return Object.values(item.title).some((title) => typeof title === 'string' && /\((demo|демо)\)/i.test(title));
}
