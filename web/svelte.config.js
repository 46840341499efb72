import adapter from './adapter.js';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Svelte 5 runes everywhere; no legacy reactive statements in new code.
    runes: true,
  },
  kit: {
    adapter: adapter({ out: 'build', precompress: true }),
    csp: {
      // Pages render inline JSON-LD and SvelteKit's hydration script; hashes keep both allowed
      // without 'unsafe-inline'. Media may come from presigned storage URLs on another origin.
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'https:', 'http:'],
        'media-src': ['self', 'https:', 'http:', 'blob:'],
        'connect-src': ['self'],
        'frame-ancestors': ['none'],
        'form-action': ['self'],
        'base-uri': ['self'],
        'object-src': ['none'],
      },
    },
  },
};
