/**
 * Paraglide's compiler options, shared by the Vite plugin (dev and build) and `scripts/prepare.js`
 * (type checking without a build), so both generate the same runtime.
 * @type {import('@inlang/paraglide-js').CompilerOptions}
 */
export const paraglideOptions = {
  project: './project.inlang',
  outdir: './src/lib/paraglide',
  // The URL decides (/kk/…, /ru/…, /en/…). A bare URL falls back to the remembered choice (cookie),
  // then the browser's Accept-Language, then Kazakh; hooks.server.ts redirects it to the prefixed URL.
  strategy: ['url', 'cookie', 'preferredLanguage', 'baseLocale'],
  cookieName: 'archive_lang',
  urlPatterns: [
    {
      pattern: '/:path(.*)?',
      localized: [
        ['kk', '/kk/:path(.*)?'],
        ['ru', '/ru/:path(.*)?'],
        ['en', '/en/:path(.*)?'],
      ],
    },
  ],
  // Lets Vite drop server-only branches of the runtime from the browser bundle.
  isServer: 'import.meta.env.SSR',
  emitGitIgnore: false,
  emitReadme: false,
  emitPrettierIgnore: false,
};
