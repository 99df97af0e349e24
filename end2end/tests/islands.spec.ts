import path from 'node:path';

import type { Page } from '@playwright/test';

import { checkPage } from '../support/checks';
import { expect, test } from '../support/fixtures';
import { siteRoot, wasmFiles } from '../support/paths';

// The islands need the wasm that `cargo leptos build` writes into the site's pkg folder. The
// test script always builds first, so in CI this runs; skipped only when there is no wasm.
const wasm = wasmFiles();
test.skip(
  wasm.length === 0,
  `no .wasm in ${path.join(siteRoot(), 'pkg')}: run \`cargo leptos build --release\` (or point LEPTOS_SITE_ROOT at a built site) to test the islands`,
);

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

test('islands load without errors and show the offline banner', async ({ page, context }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  // Chromium logs CSP violations to the console, but record the DOM events too, so a
  // violation cannot slip through as some other message type.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations?.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });

  const wasmResponse = page.waitForResponse((res) => /\/pkg\/[^?#]+\.wasm(?:[?#]|$)/.test(res.url()) && res.request().method() === 'GET');
  await page.goto('/');
  const response = await wasmResponse;
  expect(
    response.status(),
    `${response.url()} (the site has ${wasm.join(', ')}; a binary finds hashed names only with the hash.txt ` +
      'that cargo leptos writes next to it, so use the binary and site of the same build)',
  ).toBe(200);
  expect(response.headers()['content-type']).toContain('application/wasm');
  await response.finished();

  // The banner is there for screen readers but hidden while online.
  const banner = page.locator('.offline-banner');
  await expect(banner).toHaveAttribute('role', 'status');
  await expect(banner).toBeHidden();
  await page.waitForLoadState('networkidle');
  // Fail here, on the cause, rather than later on a banner that never hydrated.
  await expectNoErrors(page, errors);
  await checkPage(page, 'home-online');

  await context.setOffline(true);
  await expect(page.getByRole('status')).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('网络断开了，恢复后会自动重试。');
  await checkPage(page, 'home-offline');

  await context.setOffline(false);
  await expect(banner).toBeHidden();

  await expectNoErrors(page, errors);
});

async function expectNoErrors(page: Page, errors: string[]): Promise<void> {
  const csp = await page.evaluate(() => window.__cspViolations ?? []);
  expect(csp, 'Content-Security-Policy violations').toEqual([]);
  expect(
    errors.filter((e) => /Content.Security.Policy/i.test(e)),
    'CSP violations in the console',
  ).toEqual([]);
  expect(errors, 'console errors, page errors and failed requests').toEqual([]);
}
