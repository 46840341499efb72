/**
 * The search engine's own thread: builds and updates the index and answers queries, so neither the
 * indexing work nor the garbage of a 1 GB heap can stall the API's event loop. Started by
 * engine-host.ts through engine-worker.mjs (which lets the thread load TypeScript).
 */
import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { MiniSearchEngine } from './engine.js';
import { visibilityFor } from './visibility.js';
import type { Envelope, Reply } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('engine-worker.ts runs as a worker thread (see engine-host.ts)');

const engine = new MiniSearchEngine();
const gc = (globalThis as { gc?: () => void }).gc;

async function handle(message: Envelope): Promise<unknown> {
  switch (message.op) {
    case 'add':
      return engine.add(message.docs);
    case 'remove':
      return engine.remove(message.ids);
    case 'removeInterview':
      return engine.removeInterview(message.interviewId);
    case 'setVocabulary':
      return engine.setVocabulary(message.terms);
    case 'query': {
      const { actor, now } = message.viewer;
      return engine.query(message.q, { ...message.options, visible: visibilityFor(actor, now) });
    }
    case 'stats':
      if (message.gc) gc?.();
      return { ...engine.stats(), heapUsed: process.memoryUsage().heapUsed };
  }
}

port.on('message', (message: Envelope) => {
  handle(message).then(
    (value) => port.postMessage({ id: message.id, ok: true, value, size: engine.size } satisfies Reply),
    (err: unknown) => {
      const error = err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };
      port.postMessage({ id: message.id, ok: false, error, size: engine.size } satisfies Reply);
    },
  );
});
