/**
 * GET /api/view-key: the anonymous cache's current key (digested, viewKeyOf), for the site, which
 * keeps its rendered anonymous pages under it (web/src/lib/server/page-cache.ts) and polls this a few
 * times a second. Answered only while this instance follows the change log (`fresh()`): 503 otherwise,
 * and 404 when ANONYMOUS_CACHE=off, so the site keeps nothing either. Never cached by anyone.
 */
import { Router } from 'express';
import { viewKeyOf, type AnonymousCacheKey } from './anonymous-cache.js';

export function viewKeyRoutes(key: AnonymousCacheKey | undefined): Router {
  const router = Router();
  router.get('/api/view-key', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!key) return void res.status(404).json({ key: null });
    if (!(await key.fresh())) return void res.status(503).json({ key: null });
    res.json({ key: viewKeyOf(await key.current()) });
  });
  return router;
}
