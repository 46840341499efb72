import node from '@sveltejs/adapter-node';
import { copyFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

/** The site's own server (web/server/), in the build beside adapter-node's handler.js and env.js. */
const SERVER_FILES = ['index.js', 'front.js', 'page-cache-lookup.js'];

/**
 * adapter-node, run from the repository root. The adapter reads `./package.json` to leave the app's
 * `dependencies` unbundled, and this project keeps its one package.json (and lockfile) at the root:
 * web/ has none. Kit resolves its own directories to absolute paths, and `out` is made absolute
 * here, so only that read sees the changed working directory.
 *
 * Then the build's index.js is the site's server (web/server/index.js: the page cache's front in
 * front of adapter-node's `handler`) instead of adapter-node's, so `node web/build` starts it.
 * @param {import('@sveltejs/adapter-node').AdapterOptions} options
 * @returns {import('@sveltejs/kit').Adapter}
 */
export default function adapter(options = {}) {
  const web = process.cwd();
  const out = resolve(web, options.out ?? 'build');
  const inner = node({ ...options, out });
  return {
    ...inner,
    async adapt(builder) {
      process.chdir(resolve(web, '..'));
      try {
        await inner.adapt(builder);
      } finally {
        process.chdir(web);
      }
      rmSync(resolve(out, 'index.js.map'), { force: true });
      for (const file of SERVER_FILES) copyFileSync(resolve(web, 'server', file), resolve(out, file));
    },
  };
}
