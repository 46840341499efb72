// @ts-check
/**
 * The front of the site's server (index.js): a page-cache hit is answered here, straight from
 * Node's IncomingMessage and ServerResponse, before adapter-node builds the web-standard Request
 * and Response and SvelteKit runs its respond and hooks (half and a quarter of a hit's time,
 * profiled). Whatever the cache does not answer (a miss, a signed-in visitor, the studio, a form
 * post, an asset) goes to adapter-node's handler unchanged, and there to the pageCache hook, which
 * owns the store and every rule (page-cache-lookup.js). docs/decisions/read-cache.md, "the site's pages".
 */
import { pageCacheLookup } from './page-cache-lookup.js';

/**
 * How the request's origin is told, as adapter-node reads it (its ORIGIN, PROTOCOL_HEADER,
 * HOST_HEADER and PORT_HEADER): an entry is named by the URL SvelteKit sees, origin included.
 * @typedef {object} OriginSettings
 * @property {string | undefined} origin ORIGIN, when set.
 * @property {string} protocolHeader
 * @property {string} hostHeader
 * @property {string} portHeader
 */

/** @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => unknown} Middleware */

/**
 * One value of a header, or undefined; several values of a header that takes one make the origin
 * unknown (adapter-node refuses such a request).
 * @param {string | string[] | undefined} value
 */
function single(value) {
  if (!Array.isArray(value)) return value;
  if (value.length > 1) throw new Error('several values');
  return value[0];
}

/**
 * The origin adapter-node gives SvelteKit for these headers when ORIGIN is unset: the protocol
 * header's scheme (https without one), the host header's host (else Host), the port header's port.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {OriginSettings} s
 * @returns {string | null} null when adapter-node would refuse the request
 */
export function originOf(headers, s) {
  try {
    const protocol = decodeURIComponent((s.protocolHeader && single(headers[s.protocolHeader])) || 'https');
    const host = (s.hostHeader && single(headers[s.hostHeader])) || single(headers.host);
    const port = s.portHeader ? single(headers[s.portHeader]) : undefined;
    if (protocol.includes(':') || !host || (port && Number.isNaN(Number(port)))) return null;
    return port ? `${protocol}://${host}:${port}` : `${protocol}://${host}`;
  } catch {
    return null;
  }
}

/**
 * The request's URL as SvelteKit's `event.request.url` will be (the same WHATWG parsing of origin
 * and request target), or null when it cannot be told.
 * @param {import('node:http').IncomingMessage} req
 * @param {OriginSettings} s
 */
export function hrefOf(req, s) {
  const origin = s.origin ?? originOf(req.headers, s);
  if (!origin || !req.url) return null;
  try {
    return new URL(origin + req.url).href;
  } catch {
    return null;
  }
}

/**
 * Writes a hit as it is: the kept headers, the visitor's own (language cookie, Server-Timing), and
 * `front` added to Server-Timing (one header, as the hooks' timing is), which tells a hit answered
 * here from one answered by the hook.
 * @param {import('node:http').ServerResponse} res
 * @param {import('./page-cache-lookup.js').Answer} answer
 * @param {number} started
 */
function write(res, answer, started) {
  const front = `front;dur=${(performance.now() - started).toFixed(2)}`;
  /** @type {string[]} */
  const headers = [];
  let length = false;
  let timed = false;
  for (const [name, value] of answer.headers) {
    if (name === 'server-timing' && !timed) {
      headers.push(name, `${value}, ${front}`);
      timed = true;
    } else headers.push(name, value);
    length ||= name === 'content-length';
  }
  if (!timed) headers.push('server-timing', front);
  if (answer.body && !length) headers.push('content-length', String(answer.body.byteLength));
  res.writeHead(answer.status, headers);
  res.end(answer.body ?? undefined);
}

/**
 * The request listener: hits from the page cache, everything else to adapter-node's `handler`.
 * @param {Middleware} handler
 * @param {OriginSettings} settings
 * @returns {import('node:http').RequestListener}
 */
export function front(handler, settings) {
  return (req, res) => {
    const started = performance.now();
    // The handler ends in SvelteKit, which answers everything; `next` is never reached.
    const pass = () => void handler(req, res, () => res.writeHead(404).end());
    const lookup = pageCacheLookup();
    const href = lookup ? hrefOf(req, settings) : null;
    if (!lookup || !href) return pass();
    const h = req.headers;
    lookup({ method: req.method ?? '', href, cookie: h.cookie ?? null, acceptEncoding: text(h['accept-encoding']), ifNoneMatch: text(h['if-none-match']) }).then(
      (answer) => {
        if (!answer) return pass();
        try {
          write(res, answer, started);
        } catch (err) {
          // Nothing sent yet (a header Node refuses): SvelteKit answers instead, as it would have.
          if (res.headersSent) res.destroy(err instanceof Error ? err : undefined);
          else pass();
        }
      },
      () => pass(),
    );
  };
}

/** A header as fetch's Headers joins it (several values by ", "). @param {string | string[] | undefined} value */
const text = (value) => (value === undefined ? null : Array.isArray(value) ? value.join(', ') : value);
