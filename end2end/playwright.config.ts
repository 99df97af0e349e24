import { defineConfig } from '@playwright/test';

import { CHROMIUM } from './support/paths';

// Browser tests for Tongxin. Each test starts its own `tongxin serve` on a fresh, seeded
// SQLite database (support/fixtures.ts), so there is no webServer here.
//
//   TONGXIN_BIN       the server binary (default ../target/release/tongxin, else ../target/debug/tongxin)
//   LEPTOS_SITE_ROOT  the built site (default ../target/site)
//   CHROMIUM_BIN      the browser (default /usr/bin/chromium; Playwright's downloads are not used)
export default defineConfig({
  testDir: './tests',
  outputDir: 'test-results',
  globalSetup: './global-setup.ts',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  retries: 0,
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    // A cheap Android phone, in Chinese.
    browserName: 'chromium',
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium-phone' }],
});
