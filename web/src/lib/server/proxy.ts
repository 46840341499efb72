import type { RequestEvent } from '@sveltejs/kit';
import { apiUrl, forwardedFor } from './api-url.js';

/**
 * Paths the API serves through the site's origin, so that the session cookie stays same-site and
 * the browser talks to one origin (ARCHITECTURE.md): GraphQL, exports, IIIF manifests, OAI-PMH.
 */
export function isApiPath(pathname: string): boolean {
  return (
    pathname === '/graphql' ||
    pathname === '/oai' ||
    pathname.startsWith('/api/') ||
    pathname.startsWith('/iiif/') ||
    pathname.startsWith('/oai/')
  );
}

// Hop-by-hop headers describe one connection and must not be forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host'];

/** Forwards the request as it is and streams the answer back, Set-Cookie included. */
export async function proxyToApi(event: RequestEvent): Promise<Response> {
  const { request, url } = event;
  const headers = new Headers(request.headers);
  for (const name of HOP_BY_HOP) headers.delete(name);
  // fetch() would decompress a compressed answer behind our back; ask for plain bytes instead.
  headers.set('accept-encoding', 'identity');
  headers.set('x-forwarded-for', forwardedFor(request.headers.get('x-forwarded-for'), event.getClientAddress()));
  headers.set('x-forwarded-proto', url.protocol.replace(':', ''));
  headers.set('x-forwarded-host', url.host);

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(`${apiUrl()}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      redirect: 'manual',
      signal: request.signal,
      // Stream the request body instead of buffering it (needed by Node's fetch for a stream body).
      ...(hasBody ? { duplex: 'half' } : {}),
    } as RequestInit);
  } catch (err) {
    console.error('API proxy failed:', err);
    return new Response(JSON.stringify({ errors: [{ message: 'The archive API is not available', extensions: { code: 'API_UNAVAILABLE' } }] }), {
      status: 502,
      headers: { 'content-type': 'application/json' },
    });
  }

  const out = new Headers(upstream.headers);
  for (const name of HOP_BY_HOP) out.delete(name);
  if (out.has('content-encoding')) {
    // The body was decoded by fetch after all: its length and encoding no longer apply.
    out.delete('content-encoding');
    out.delete('content-length');
  }
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}
