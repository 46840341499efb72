import { Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { whoOf } from '../http/actor.js';
import type { CollectionImageService } from './collection-image.service.js';

/** An hour: a collection taken down stops being served from shared caches within it. */
const PUBLISHED_MAX_AGE = 3600;

/**
 * Pictures of collections, streamed under the collection's access rule (canViewCollection). A
 * picture never changes under its id (a new upload is a new id), so its id is a strong ETag. What a
 * published collection shows is the same for everyone and may be cached by shared caches for an
 * hour; anything else (a draft, an upload not placed yet) only by the browser, revalidated each time.
 */
export function collectionImageRoutes(images: CollectionImageService): Router {
  const router = Router();

  router.get('/api/collections/:id/images/:imageId', async (req, res) => {
    const { actor } = whoOf(res);
    const { image, published } = await images.forViewer(actor, req.params.id!, req.params.imageId!);
    const etag = `"${image._id.toHexString()}"`;
    res.set('ETag', etag);
    if (published) {
      res.set('Cache-Control', `public, max-age=${PUBLISHED_MAX_AGE}`);
    } else {
      res.set('Cache-Control', 'private, no-cache');
      res.set('Vary', 'Cookie, Authorization');
    }
    res.set('X-Content-Type-Options', 'nosniff');
    if (req.get('if-none-match')?.split(/\s*,\s*/).includes(etag)) {
      res.status(304).end();
      return;
    }
    res.type(image.contentType);
    res.set('Content-Length', String(image.size));
    await pipeline(await images.stream(image), res);
  });

  return router;
}
