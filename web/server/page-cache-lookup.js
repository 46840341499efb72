// @ts-check
/**
 * How the site's front server (front.js) reaches the page cache that the SvelteKit hooks own
 * (web/src/lib/server/page-cache.ts): the hooks' module, loaded by adapter-node's `handler.js`,
 * offers its lookup under a well-known global symbol, and the front asks it. One store and one set
 * of rules (who may be served, the view key, the entry's name, the replay), used by both paths; the
 * front holds none of its own. Plain JavaScript: the front runs outside the SvelteKit bundle, and
 * the hooks import this file too, so the symbol's name is written once.
 * docs/decisions/read-cache.md, "the site's pages".
 */

/** @typedef {import('../src/lib/server/page-cache-rules.js').Asked} Asked */
/** @typedef {import('../src/lib/server/page-cache-rules.js').Answer} Answer */
/** @typedef {(asked: Asked) => Promise<Answer | null>} Lookup */

const KEY = Symbol.for('archive.site.page-cache.lookup');

/** Called by the hooks' module when it loads. @param {Lookup} lookup */
export function offerLookup(lookup) {
  /** @type {Record<symbol, unknown>} */ (globalThis)[KEY] = lookup;
}

/** The page cache's lookup: undefined until the hooks have loaded (adapter-node's handler.js loads them at its import). */
export function pageCacheLookup() {
  return /** @type {Lookup | undefined} */ (/** @type {Record<symbol, unknown>} */ (globalThis)[KEY]);
}
