import type { Handle } from '@sveltejs/kit';

const ms = (value: number) => value.toFixed(1);

/**
 * Sends a Server-Timing header (W3C) with every page: `api` is the time this request waited for the
 * GraphQL API (summed over its calls, see client.ts), `render` the whole time on the site, API
 * included. Browsers show it in their developer tools; `npm run bench` reads it to tell the API's
 * share of a page under load. Durations only: nothing about what was asked or found.
 */
export const serverTiming: Handle = async ({ event, resolve }) => {
  const started = performance.now();
  const response = await resolve(event);
  const metrics = [`render;dur=${ms(performance.now() - started)}`];
  if (event.locals.apiMs !== undefined) metrics.unshift(`api;dur=${ms(event.locals.apiMs)}`);
  try {
    response.headers.append('server-timing', metrics.join(', '));
  } catch {
    // A response whose headers are immutable (one passed through from fetch) goes out as it is.
  }
  return response;
};
