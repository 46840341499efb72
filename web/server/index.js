/**
 * The site's server, built as web/build/index.js in place of adapter-node's own (web/adapter.js
 * copies it there), so `node web/build` starts it: adapter-node's `handler` (its documented custom
 * server) behind the front (front.js), which answers page-cache hits before SvelteKit. It honours
 * the environment adapter-node's server does, read through adapter-node's env.js (so an envPrefix
 * would apply): PORT, HOST, SOCKET_PATH, ORIGIN, PROTOCOL_HEADER, HOST_HEADER, PORT_HEADER,
 * KEEP_ALIVE_TIMEOUT, HEADERS_TIMEOUT, SHUTDOWN_TIMEOUT, IDLE_TIMEOUT and systemd's
 * LISTEN_PID/LISTEN_FDS; the handler reads ADDRESS_HEADER, XFF_DEPTH, BODY_SIZE_LIMIT itself.
 * Not type-checked with the rest (its imports exist only in the build); front.js is.
 */
import { createServer } from 'node:http';
import { rm, stat } from 'node:fs/promises';
import process from 'node:process';
import { handler } from './handler.js';
import { env, timeout_env } from './env.js';
import { front } from './front.js';

const socketPath = env('SOCKET_PATH', false);
const host = env('HOST', '0.0.0.0');
const port = env('PORT', !socketPath && '3000');
const shutdownS = Number.parseInt(env('SHUTDOWN_TIMEOUT', '30'), 10);
const idleS = Number.parseInt(env('IDLE_TIMEOUT', '0'), 10);
const listenPid = Number.parseInt(env('LISTEN_PID', '0'), 10);
const listenFds = Number.parseInt(env('LISTEN_FDS', '0'), 10);
if (listenPid !== 0 && listenPid !== process.pid) throw new Error(`LISTEN_PID is ${listenPid}, this process is ${process.pid}`);
if (listenFds > 1) throw new Error(`socket activation takes one socket; LISTEN_FDS is ${listenFds}`);
/** Started by systemd with the socket open on file descriptor 3. */
const activated = listenPid === process.pid && listenFds === 1;

const origin = env('ORIGIN', undefined);
const server = createServer(
  front(handler, {
    // handler.js has refused an invalid ORIGIN already (at its import, above).
    origin: origin === undefined ? undefined : new URL(origin.trim()).origin,
    protocolHeader: env('PROTOCOL_HEADER', '').toLowerCase(),
    hostHeader: env('HOST_HEADER', '').toLowerCase(),
    portHeader: env('PORT_HEADER', '').toLowerCase(),
  }),
);
const keepAliveS = timeout_env('KEEP_ALIVE_TIMEOUT');
if (keepAliveS !== undefined) server.keepAliveTimeout = keepAliveS * 1000;
const headersS = timeout_env('HEADERS_TIMEOUT');
if (headersS !== undefined) server.headersTimeout = headersS * 1000;

let open = 0;
/** @type {NodeJS.Timeout | undefined} */
let idleTimer;
/** @type {NodeJS.Timeout | undefined} */
let forceTimer;

server.on('request', (req) => {
  open++;
  clearTimeout(idleTimer);
  req.on('close', () => {
    open--;
    // Shutting down: a connection is closed as soon as its last request is answered.
    if (forceTimer) server.closeIdleConnections();
    if (open === 0 && activated && idleS > 0) idleTimer = setTimeout(() => shutdown('IDLE'), idleS * 1000);
  });
});

/** Stops taking connections, lets requests under way finish for SHUTDOWN_TIMEOUT, then closes the rest. */
function shutdown(/** @type {string} */ reason) {
  if (forceTimer) return;
  forceTimer = setTimeout(() => server.closeAllConnections(), shutdownS * 1000);
  // Kept-alive connections with nothing under way would hold close() until they time out.
  server.closeIdleConnections();
  server.close((err) => {
    if (err) return;
    clearTimeout(forceTimer);
    clearTimeout(idleTimer);
    // SvelteKit apps listen for this to release what they hold (adapter-node's event).
    process.emit(/** @type {any} */ ('sveltekit:shutdown'), reason);
  });
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

if (activated) {
  server.listen({ fd: 3 }, () => console.log('Listening on file descriptor 3'));
} else {
  // A socket file left by an earlier run (empty) would make listen fail.
  if (socketPath) await stat(socketPath).then((s) => (s.size === 0 ? rm(socketPath) : undefined), () => undefined);
  const listening = () => {
    const address = server.address();
    console.log(`Listening on ${typeof address === 'string' ? address : `http://${host}:${address?.port ?? port}`}`);
  };
  if (socketPath) server.listen(socketPath, listening);
  else server.listen(Number(port), host, listening);
}

export { server };
