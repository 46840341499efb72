import { Router, type Request, type Response } from 'express';
import { UI_LANGUAGES, type UiLanguage } from '../common/localized.js';
import type { Config } from '../config.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { whoOf } from '../http/actor.js';
import { readsOf } from '../http/reads.js';
import { ANONYMOUS, type Actor } from '../access/actor.js';
import { downloadViewer } from '../access/policy.js';
import { anonymousRequest } from '../cache/anonymous-cache.js';
import { type Reply, type RouteCache, sendReply } from '../cache/route-cache.js';
import {
  buildIiifManifest,
  writeOhmsXml,
  writeSrt,
  writeTimestampedText,
  writeVtt,
} from '../../../shared/formats/index.js';
import type { ClassLinkService } from '../class-links/class-link.service.js';
import type { ExportService } from './export.service.js';

const LANGUAGE = /^[a-z]{2,3}$/;

function languageOf(req: Request): string | undefined {
  const lang = req.query.lang;
  if (lang === undefined) return undefined;
  if (typeof lang !== 'string' || !LANGUAGE.test(lang)) throw new BadInputError('lang', 'must be a language code such as kk, ru, en');
  return lang;
}

function uiLanguageOf(req: Request): UiLanguage {
  const ui = req.query.ui;
  return typeof ui === 'string' && (UI_LANGUAGES as readonly string[]).includes(ui) ? (ui as UiLanguage) : 'en';
}

/**
 * `?as=public`: an embed's media, captions and peaks are the public's whoever is signed in, so a
 * frame on another site never carries the visitor's session into what it shows (less is always allowed).
 */
function viewerOf(req: Request, res: Response) {
  return req.query.as === 'public' ? ANONYMOUS : whoOf(res).actor;
}

/** A text reply, named for saving. */
const text = (type: string, body: string, fileName?: string): Reply => ({
  type,
  body,
  headers: fileName ? { 'Content-Disposition': `inline; filename="${fileName}"` } : undefined,
});

/** The public's view (the route cache may answer it): nobody signed in, or an embed's `?as=public`. */
const publicView = (req: Request, res: Response, actor: Actor) =>
  anonymousRequest({ actor, sessionToken: req.query.as === 'public' ? undefined : whoOf(res).sessionToken });

/**
 * A cached media redirect lives this long: the presigned link it names (MEDIA_LINK_SECONDS, 60 s) then
 * still has most of its life when a visitor follows it.
 */
const MEDIA_REDIRECT_KEPT_MS = 10_000;

const TRANSCRIPT_FORMATS = {
  vtt: { type: 'text/vtt; charset=utf-8', write: writeVtt },
  srt: { type: 'application/x-subrip; charset=utf-8', write: writeSrt },
  txt: { type: 'text/plain; charset=utf-8', write: writeTimestampedText },
} as const;

/** The export URLs of ARCHITECTURE.md; each reads through the access policy via ExportService. */
export function exportRoutes(exports: ExportService, classLinks: ClassLinkService, config: Config, cache: RouteCache): Router {
  const router = Router();

  router.get('/api/interviews/:id/transcript.:format', async (req, res) => {
    const format = TRANSCRIPT_FORMATS[req.params.format as keyof typeof TRANSCRIPT_FORMATS];
    if (!format) throw new NotFoundError('That transcript format');
    const actor = downloadViewer(viewerOf(req, res));
    const reply = await cache.reply(req, publicView(req, res, actor), async () => {
      const { interview, language, segments } = await exports.transcript(actor, req.params.id!, languageOf(req), false, readsOf(res));
      return text(format.type, format.write(segments), `interview-${interview._id.toHexString()}-${language}.${req.params.format}`);
    });
    sendReply(req, res, reply);
  });

  router.get('/api/interviews/:id/ohms.xml', async (req, res) => {
    const actor = downloadViewer(whoOf(res).actor);
    const reply = await cache.reply(req, publicView(req, res, actor), async () => {
      const ui = uiLanguageOf(req);
      const { interview, segments } = await exports.transcript(actor, req.params.id!, languageOf(req), true, readsOf(res));
      const meta = await exports.meta(interview, ui, config.siteUrl, readsOf(res));
      return text('application/xml; charset=utf-8', writeOhmsXml(meta, segments, exports.index(actor, interview, ui)), `interview-${meta.id}-ohms.xml`);
    });
    sendReply(req, res, reply);
  });

  // A short-lived link: the page and the IIIF manifest keep this stable URL, and the redirect itself
  // is never stored by a browser (sendReply: no-store).
  router.get('/api/interviews/:id/media', async (req, res) => {
    const actor = viewerOf(req, res);
    const reply = await cache.reply(req, publicView(req, res, actor), async () => ({ location: await exports.mediaUrl(actor, req.params.id!, readsOf(res)) }), MEDIA_REDIRECT_KEPT_MS);
    sendReply(req, res, reply);
  });

  /**
   * Sent rather than redirected: the page's script fetches it, and public pages allow
   * `connect-src 'self'` only (a storage URL would also need CORS for GET). The stored hash is a
   * strong ETag, so a browser revalidates with a 304 (express compares it), while every use still
   * passes the access check.
   */
  router.get('/api/interviews/:id/peaks.json', async (req, res) => {
    const actor = viewerOf(req, res);
    const reply = await cache.reply(req, publicView(req, res, actor), async () => {
      const asset = await exports.waveform(actor, req.params.id!, readsOf(res));
      return { type: 'application/json', body: await exports.assetBytes(asset), headers: asset.sha256 ? { ETag: `"${asset.sha256}"` } : undefined };
    });
    sendReply(req, res, reply);
  });

  // A pupil's class link: the token is in the path, so it must not leave in a Referer header, and
  // link and policy are checked again on every request (a withdrawal stops the next play).
  router.get('/api/class/:token/clips/:blockId/media', async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    res.set('X-Robots-Tag', 'noindex');
    res.set('Cache-Control', 'private, no-store');
    res.redirect(302, await classLinks.mediaUrl(req.params.token!, req.params.blockId!));
  });

  router.get('/api/class/:token/clips/:blockId/captions.vtt', async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    res.set('X-Robots-Tag', 'noindex');
    // Not cached: the link is checked again on every request (it may be revoked or expire).
    sendReply(req, res, text(TRANSCRIPT_FORMATS.vtt.type, writeVtt(await classLinks.captions(req.params.token!, req.params.blockId!))));
  });

  router.get('/iiif/interviews/:id/manifest.json', async (req, res) => {
    const { actor } = whoOf(res);
    const reply = await cache.reply(req, publicView(req, res, actor), async () => {
      const ui = uiLanguageOf(req);
      const { interview, language, segments } = await exports.transcript(downloadViewer(actor), req.params.id!, languageOf(req), true, readsOf(res));
      const copy = await exports.accessCopy(actor, interview, readsOf(res));
      const duration = copy?.durationSeconds ?? interview.durationSeconds;
      if (!copy || !duration) throw new NotFoundError('A playable recording');
      const meta = await exports.meta(interview, ui, config.siteUrl, readsOf(res));
      const manifest = buildIiifManifest({
        manifestUrl: `${config.siteUrl}/iiif/interviews/${meta.id}/manifest.json`,
        meta,
        media: { url: meta.mediaUrl!, format: copy.contentType, duration },
        transcript: segments,
        index: exports.index(actor, interview, ui),
        language,
      });
      return { ...text('application/ld+json; profile="http://iiif.io/api/presentation/3/context.json"', JSON.stringify(manifest)), headers: { 'Access-Control-Allow-Origin': '*' } };
    });
    sendReply(req, res, reply);
  });

  return router;
}
