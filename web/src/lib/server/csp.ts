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
  const policy = response.headers.get('content-security-policy');
  if (!origins.length || !policy) return response;
  const headers = new Headers(response.headers);
  headers.set('content-security-policy', policy.replace(/connect-src ([^;]*)/, (_, list: string) => `connect-src ${list} ${origins.join(' ')}`));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
