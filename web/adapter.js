import node from '@sveltejs/adapter-node';
import { resolve } from 'node:path';

/**
 * adapter-node, run from the repository root. The adapter reads `./package.json` to leave the app's
 * `dependencies` unbundled, and this project keeps its one package.json (and lockfile) at the root:
 * web/ has none. Kit resolves its own directories to absolute paths, and `out` is made absolute
 * here, so only that read sees the changed working directory.
 * @param {import('@sveltejs/adapter-node').AdapterOptions} options
 * @returns {import('@sveltejs/kit').Adapter}
 */
export default function adapter(options = {}) {
  const web = process.cwd();
  const inner = node({ ...options, out: resolve(web, options.out ?? 'build') });
  return {
    ...inner,
    async adapt(builder) {
      process.chdir(resolve(web, '..'));
      try {
        await inner.adapt(builder);
      } finally {
        process.chdir(web);
      }
    },
  };
}
