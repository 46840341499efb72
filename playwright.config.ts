import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './tests/e2e/support/chromium.js';
import { SITE_PORT, SITE_URL } from './tests/e2e/support/seed-data.js';

/**
 * Browser tests of the BUILT site (`npm run test:e2e` builds it first) against a whole stack started
 * for the run by tests/e2e/support/stack.ts: embedded FerretDB and s3rver, the API, a seed, the site.
 * Chromium is Debian's (/usr/bin/chromium): Playwright downloads no browser here.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL: SITE_URL,
    browserName: 'chromium',
    headless: true,
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_FLAGS],
    },
  },
  webServer: {
    command: 'node node_modules/.bin/tsx tests/e2e/support/stack.ts',
    // Answered through the site's proxy, so both the site and the API are up.
    url: `http://127.0.0.1:${SITE_PORT}/api/health`,
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
});
