// Types of front.js for the TypeScript that imports it (the root project has no allowJs: with it, tsx loads @fugood/whisper.node's CommonJS without its named exports). Made with tsc --declaration from the JSDoc; keep in step.
/**
 * The origin adapter-node gives SvelteKit for these headers when ORIGIN is unset: the protocol
 * header's scheme (https without one), the host header's host (else Host), the port header's port.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {OriginSettings} s
 * @returns {string | null} null when adapter-node would refuse the request
 */
export function originOf(headers: import("node:http").IncomingHttpHeaders, s: OriginSettings): string | null;
/**
 * The request's URL as SvelteKit's `event.request.url` will be (the same WHATWG parsing of origin
 * and request target), or null when it cannot be told.
 * @param {import('node:http').IncomingMessage} req
 * @param {OriginSettings} s
 */
export function hrefOf(req: import("node:http").IncomingMessage, s: OriginSettings): string | null;
/**
 * The request listener: hits from the page cache, everything else to adapter-node's `handler`.
 * @param {Middleware} handler
 * @param {OriginSettings} settings
 * @returns {import('node:http').RequestListener}
 */
export function front(handler: Middleware, settings: OriginSettings): import("node:http").RequestListener;
/**
 * How the request's origin is told, as adapter-node reads it (its ORIGIN, PROTOCOL_HEADER,
 * HOST_HEADER and PORT_HEADER): an entry is named by the URL SvelteKit sees, origin included.
 */
export type OriginSettings = {
    /**
     * ORIGIN, when set.
     */
    origin: string | undefined;
    protocolHeader: string;
    hostHeader: string;
    portHeader: string;
};
export type Middleware = (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, next: () => void) => unknown;
