/** Debian's Chromium: Playwright downloads no browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The flags every headless Chromium of ours starts with, the end-to-end tests' (playwright.config.ts)
 * and the site bench's (bench/site/chromium.ts), so that both measure the same browser.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
