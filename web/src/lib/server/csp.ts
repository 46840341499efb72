import { env } from '$env/dynamic/private';

/**
 * Studio pages send recordings and release scans straight to storage (presigned PUTs on another
 * origin), which the site-wide `connect-src 'self'` forbids. Only on studio pages, and only to the
 * origins in STORAGE_ORIGIN (comma-separated, e.g. https://archive-media.s3.eu-central-1.amazonaws.com),
 * connect-src is widened; public pages keep the strict policy.
 */
export function storageOrigins(): string[] {
  return (env.STORAGE_ORIGIN ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => /^https?:\/\/[^\s;'"]+$/.test(o));
}

export const isStudioPath = (pathname: string) => /^\/[a-z]{2}\/studio(\/|$)/.test(pathname);

export function allowStorage(response: Response): Response {
  const origins = storageOrigins();
  if (!origins.length) return response;
  return rewritePolicy(response, (policy) => policy.replace(/connect-src ([^;]*)/, (_, list: string) => `connect-src ${list} ${origins.join(' ')}`));
}

/** Pages other sites may put in a frame: the embeddable player, /[lang]/embed/…. */
export const isEmbedPath = (pathname: string) => /^\/[a-z]{2}\/embed(\/|$)/.test(pathname);

/**
 * Who may frame the embed pages: EMBED_ANCESTORS, space- or comma-separated origins
 * (e.g. https://school.example.kz https://museum.example.org), or any site when unset. Every other
 * page keeps `frame-ancestors 'none'` from svelte.config.js, so the site itself cannot be clickjacked.
 */
export function embedAncestors(): string[] {
  const configured = (env.EMBED_ANCESTORS ?? '')
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter((o) => /^https?:\/\/[^\s;'"]+$/.test(o));
  return configured.length ? configured : ['*'];
}

export function allowFraming(response: Response): Response {
  return rewritePolicy(response, (policy) => policy.replace(/frame-ancestors [^;]*/, `frame-ancestors ${embedAncestors().join(' ')}`));
}

function rewritePolicy(response: Response, rewrite: (policy: string) => string): Response {
  const policy = response.headers.get('content-security-policy');
  if (!policy) return response;
  const headers = new Headers(response.headers);
  headers.set('content-security-policy', rewrite(policy));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
