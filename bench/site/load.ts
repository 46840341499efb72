import autocannon from 'autocannon';
import { median, percentile, round } from '../stats.js';

export interface LoadResult {
  url: string;
  connections: number;
  durationS: number;
  requests: number;
  requestsPerS: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  /** How many responses of each HTTP status. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /**
   * From the site's Server-Timing header on every response: its render time and the API's part of it
   * (answers SvelteKit rendered or the hook replayed: `render`), and the front server's time on the
   * hits it answered before SvelteKit (`front`, which names no `render`).
   */
  serverTiming: { samples: number; renderP50Ms: number; apiP50Ms: number; apiShareOfRenderP50: number; frontSamples: number; frontP50Ms: number };
}

/** `api;dur=12.3, render;dur=40.1` → { api: 12.3, render: 40.1 } */
export function parseServerTiming(header: string | undefined): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    const dur = params.map((p) => /^\s*dur=([\d.]+)/.exec(p)).find(Boolean);
    if (name && dur) metrics[name] = Number(dur[1]);
  }
  return metrics;
}

/** autocannon against one page: latency percentiles of the whole response, and the server's own account. */
export async function loadPage(url: string, connections: number, durationS: number, headers: Record<string, string> = {}): Promise<LoadResult> {
  const render: number[] = [];
  const front: number[] = [];
  const api: number[] = [];
  const shares: number[] = [];
  const statuses: Record<string, number> = {};
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    // autocannon gives up on a response after 10 s; a saturated site is slower than that, and a
    // latency distribution cut at 10 s would hide how slow.
    timeout: 60,
    // As a browser asks, so the site's compression is part of what is measured.
    headers: { 'accept-encoding': 'gzip, deflate, br', ...headers },
    requests: [
      {
        method: 'GET',
        onResponse: (status: number, _body: string, _context: unknown, headers: Record<string, string>) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          const timing = parseServerTiming(headers['server-timing'] ?? headers['Server-Timing']);
          if (timing.front !== undefined) front.push(timing.front);
          if (timing.render === undefined) return;
          render.push(timing.render);
          api.push(timing.api ?? 0);
          if (timing.render > 0) shares.push((timing.api ?? 0) / timing.render);
        },
      },
    ],
  });
  return {
    url,
    connections,
    durationS,
    requests: result.requests.total,
    requestsPerS: round(result.requests.average, 1),
    latencyMs: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    serverTiming: {
      samples: render.length,
      renderP50Ms: round(median(render), 1),
      apiP50Ms: round(median(api), 1),
      apiShareOfRenderP50: round(percentile(shares, 50), 2),
      frontSamples: front.length,
      frontP50Ms: round(median(front), 2),
    },
  };
}
