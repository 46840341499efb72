/**
 * The search module's public face. The indexing job (later) builds SearchDocs from the database and
 * calls add/remove/removeInterview; the API calls query with visibilityFor(actor).
 */
import { type EngineOptions, MiniSearchEngine } from './engine.js';

export type * from './types.js';
export { FACET_NAMES } from './types.js';
export { foldText, foldWord, tokenize } from './normalize.js';
export { snippetHtml } from './snippet.js';
export { visibilityFor } from './visibility.js';
export { MiniSearchEngine, type EngineOptions };

export function createSearchEngine(options?: EngineOptions): MiniSearchEngine {
  return new MiniSearchEngine(options);
}
