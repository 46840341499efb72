import type { Handle } from '@sveltejs/kit';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Pages and their data: the only responses rendered per request (built assets are precompressed). */
const COMPRESSIBLE = /^(text\/html|application\/json)\b/;
/** Below this a compressed body saves less than its headers cost. */
const MIN_BYTES = 1024;

/** The encoding to answer with: Brotli, else gzip, else none; an encoding refused with q=0 is not chosen. */
export function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)).find(Boolean);
    if (name && (!q || Number(q[1]) > 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

/**
 * Compresses server-rendered pages. adapter-node serves the built assets precompressed but sends what
 * SvelteKit renders as it is; an interview page with its transcript is 20+ KB of HTML that shrinks to
 * a quarter, which counts on a slow school network. Brotli at quality 5 takes about 3 ms for it on a
 * busy 2-core machine (gzip, for clients without Brotli, half that).
 */
export const compress: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  if (
    !response.body ||
    response.status === 204 ||
    response.status === 304 ||
    response.headers.has('content-encoding') ||
    !COMPRESSIBLE.test(response.headers.get('content-type') ?? '')
  ) {
    return response;
  }
  const init = { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) };
  // Whatever this answer is, a cache must keep the compressed and the plain one apart.
  init.headers.append('vary', 'accept-encoding');
  const encoding = chooseEncoding(event.request.headers.get('accept-encoding'));
  if (!encoding || event.request.method === 'HEAD') return new Response(response.body, init);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length < MIN_BYTES) return new Response(body, init);

  const compressed =
    encoding === 'br'
      ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
      : await gzipAsync(body, { level: 6 });
  init.headers.set('content-encoding', encoding);
  init.headers.delete('content-length');
  // The ETag stays as SvelteKit made it: its 304 check runs after the hooks and compares it with
  // If-None-Match, so a weakened tag would never match again. Vary keeps the two bodies apart.
  return new Response(compressed, init);
};
