// Types of page-cache-lookup.js for the TypeScript that imports it (the root project has no allowJs: with it, tsx loads @fugood/whisper.node's CommonJS without its named exports). Made with tsc --declaration from the JSDoc; keep in step.
/** Called by the hooks' module when it loads. @param {Lookup} lookup */
export function offerLookup(lookup: Lookup): void;
/** The page cache's lookup: undefined until the hooks have loaded (adapter-node's handler.js loads them at its import). */
export function pageCacheLookup(): Lookup | undefined;
export type Asked = import("../src/lib/server/page-cache-rules.js").Asked;
export type Answer = import("../src/lib/server/page-cache-rules.js").Answer;
export type Lookup = (asked: Asked) => Promise<Answer | null>;
