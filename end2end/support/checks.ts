// What every test does on every page it visits: an accessibility check with axe, and a
// screenshot at phone size for people to look through.

import fs from 'node:fs';
import path from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';

import { DOC_SCREENS_DIR, SCREENSHOT_DIR } from './paths';

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/** Contexts opened with JavaScript off (see newContextWithoutJavaScript). */
const withoutJavaScript = new WeakSet<BrowserContext>();

/**
 * A browser context with JavaScript off, as a phone with scripts blocked would be. Open
 * no-JS contexts with this, so checkA11y knows to check them through a snapshot.
 */
export async function newContextWithoutJavaScript(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, javaScriptEnabled: false });
  withoutJavaScript.add(context);
  return context;
}

/**
 * Runs axe on the page and fails on any violation of impact "serious" or "critical",
 * listing each with the elements concerned. Milder findings are attached to the report.
 */
export async function checkA11y(page: Page): Promise<void> {
  if (withoutJavaScript.has(page.context())) {
    await checkA11yOfSnapshot(page);
    return;
  }
  await runAxe(page);
}

/**
 * axe cannot run in a page whose scripts are off (its timers never fire). Check the same
 * document instead: its HTML, scripts removed, served at the same address to a scratch page
 * that has JavaScript for axe alone; the stylesheets still come from the server.
 */
async function checkA11yOfSnapshot(page: Page): Promise<void> {
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const browser = page.context().browser();
  if (!browser) throw new Error('checkA11y: the page has no browser');
  const viewport = page.viewportSize() ?? { width: 360, height: 740 };
  const scratch = await browser.newContext({ viewport, locale: 'zh-CN', bypassCSP: true });
  try {
    await scratch.route('**/*', (route) => {
      const request = route.request();
      if (request.isNavigationRequest() && request.url() === url) {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      }
      if (['script', 'fetch', 'xhr'].includes(request.resourceType())) return route.abort();
      return route.continue();
    });
    const copy = await scratch.newPage();
    await copy.goto(url);
    await runAxe(copy, url);
  } finally {
    await scratch.close();
  }
}

async function runAxe(page: Page, shownUrl = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((v) => BLOCKING_IMPACTS.has(v.impact ?? ''));
  const minor = results.violations.filter((v) => !BLOCKING_IMPACTS.has(v.impact ?? ''));
  const info = test.info();
  if (minor.length > 0) {
    await info.attach(`axe (minor) ${new URL(shownUrl).pathname}`, {
      body: describe(minor),
      contentType: 'text/plain',
    });
  }
  expect(blocking, `accessibility violations on ${shownUrl}:\n${describe(blocking)}`).toEqual([]);
}

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

function describe(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    - ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/** `Home page lists activities` → `home-page-lists-activities` */
export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'page'
  );
}

/**
 * Saves the viewport (360×740) as artifacts/screenshots/<test-name>-<pageName>.png and
 * attaches it to the HTML report.
 */
export async function screenshot(page: Page, pageName: string): Promise<void> {
  const info = test.info();
  const file = path.join(SCREENSHOT_DIR, `${slug(info.title)}-${slug(pageName)}.png`);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: file, animations: 'disabled' });
  await info.attach(pageName, { path: file, contentType: 'image/png' });
}

/**
 * A journey's key screen, saved as docs/screens/<name>.png (the viewport, 360×740) so that a
 * newcomer sees the product without running it; checked like every page.
 */
export async function keyScreen(page: Page, name: string): Promise<void> {
  fs.mkdirSync(DOC_SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(DOC_SCREENS_DIR, `${name}.png`), animations: 'disabled' });
  await checkA11y(page);
}

/** Both of the above: call once for every page a test visits. */
export async function checkPage(page: Page, pageName: string): Promise<void> {
  await screenshot(page, pageName);
  await checkA11y(page);
}

/**
 * True once an island has woken and attached its click handler to the element `selector`
 * (directly, or as the `$$$click` property Leptos uses when events are delegated).
 */
export async function hasClickHandler(page: Page, selector: string): Promise<boolean> {
  const element = page.locator(selector);
  if ((await element.count()) !== 1) return false;
  if (await element.evaluate((el) => '$$$click' in el)) return true;
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: `document.querySelector(${JSON.stringify(selector)})`,
      objectGroup: 'click-handler',
    });
    if (!result.objectId) return false;
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    return listeners.some((l) => l.type === 'click');
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'click-handler' }).catch(() => {});
    await cdp.detach();
  }
}
