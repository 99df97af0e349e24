import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import type { BrowserContext, CDPSession, Page, Request } from '@playwright/test';

import { expect, test } from '../support/fixtures';
import { E2E_DIR, siteRoot, wasmFiles } from '../support/paths';
import { newPhoneContext } from '../support/people';

// What a woman on a slow network pays for the activity list: the bytes on the wire (compressed
// bodies plus headers, as Chromium's network stack counts them) of everything the page loads
// — HTML, CSS, JS, wasm, images — on a first visit with an empty cache, then on a second page
// with the cache warm. Budgets: 150 KB and 25 KB; no web fonts at all.
//
// The service worker (public/sw.js) counts too: on the first visit it is registered after the
// page's load and fetches itself, the offline page and a copy of the page to keep; on the
// second page it fetches the HTML for the page (which sees it as served by the worker). Its
// requests are weighed where they cross the network, in the worker (`via=worker`); the
// page's requests it answered count nothing.
//
// The numbers are printed as `PAGE-WEIGHT …` lines (for docs/PERFORMANCE.md) and written to
// artifacts/page-weight.json. Needs a release build: hashed /pkg names with a year of caching.

const wasm = wasmFiles();
test.skip(
  wasm.length === 0,
  `no .wasm in ${path.join(siteRoot(), 'pkg')}: run \`cargo leptos build --release\` (or point LEPTOS_SITE_ROOT at a built site) to weigh the pages`,
);

const KB = 1024;
const FIRST_VISIT_BUDGET = 150 * KB;
const WARM_CACHE_BUDGET = 25 * KB;
const REPORT_FILE = path.join(E2E_DIR, 'artifacts', 'page-weight.json');
const FONT_FILE = /\.(woff2?|ttf|otf|eot)$/i;

interface Resource {
  url: string;
  /** CDP's resource type: Document, Stylesheet, Script, Fetch, Image, Font, … */
  type: string;
  status: number;
  mimeType: string;
  encoding: string;
  /** Served from the browser's cache (nothing crossed the network). */
  fromCache: boolean;
  /** Bytes received: headers plus the (compressed) body; 0 from the cache. */
  bytes: number;
  failed?: string;
  /** Fetched by the service worker rather than the page. */
  worker?: boolean;
}

interface Weighing {
  name: string;
  url: string;
  totalBytes: number;
  budgetBytes: number;
  requests: number;
  byKind: Record<string, number>;
  resources: Resource[];
}

/** Records every request of the page through the DevTools protocol until `take()`. */
class Meter {
  private resources = new Map<string, Resource>();
  private finished = new Set<string>();

  constructor(cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (e) => {
      const previous = this.resources.get(e.requestId);
      // A redirect reuses the request id: keep the redirect's own bytes.
      const carried = previous && e.redirectResponse ? previous.bytes + e.redirectResponse.encodedDataLength : 0;
      this.resources.set(e.requestId, {
        url: e.request.url,
        type: e.type ?? 'Other',
        status: 0,
        mimeType: '',
        encoding: '',
        fromCache: false,
        bytes: carried,
      });
    });
    cdp.on('Network.requestServedFromCache', (e) => {
      const r = this.resources.get(e.requestId);
      if (r) r.fromCache = true;
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = this.resources.get(e.requestId);
      if (!r) return;
      r.type = e.type;
      r.status = e.response.status;
      r.mimeType = e.response.mimeType;
      r.encoding = header(e.response.headers, 'content-encoding') ?? 'identity';
      if (e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker) r.fromCache = true;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = this.resources.get(e.requestId);
      if (!r) return;
      this.finished.add(e.requestId);
      if (!r.fromCache) r.bytes += e.encodedDataLength;
    });
    cdp.on('Network.loadingFailed', (e) => {
      const r = this.resources.get(e.requestId);
      if (!r) return;
      this.finished.add(e.requestId);
      r.failed = e.errorText;
    });
  }

  /** Requests still without their last event (should be none once the network is idle). */
  pending(): string[] {
    return [...this.resources.entries()].filter(([id]) => !this.finished.has(id)).map(([, r]) => r.url);
  }

  /** What was loaded since the last take() (by the page, and by the worker), and starts afresh. */
  take(name: string, url: string, budgetBytes: number, byWorker: Resource[] = []): Weighing {
    const resources = [...this.resources.values(), ...byWorker].filter((r) => !r.url.startsWith('data:'));
    this.resources = new Map();
    this.finished = new Set();
    const byKind: Record<string, number> = {};
    for (const r of resources) byKind[kind(r)] = (byKind[kind(r)] ?? 0) + r.bytes;
    return {
      name,
      url,
      totalBytes: resources.reduce((sum, r) => sum + r.bytes, 0),
      budgetBytes,
      requests: resources.length,
      byKind,
      resources,
    };
  }
}

/**
 * The service worker's own requests (Playwright reports them on the context): bytes as the
 * worker's network stack received them (headers plus encoded body; nothing for the browser's
 * cache).
 */
class WorkerMeter {
  private resources: Resource[] = [];
  private inFlight = new Set<Request>();

  constructor(context: BrowserContext) {
    context.on('request', (req) => {
      if (req.serviceWorker()) this.inFlight.add(req);
    });
    context.on('requestfinished', (req) => {
      if (!req.serviceWorker()) return;
      void this.record(req);
    });
    context.on('requestfailed', (req) => {
      if (!req.serviceWorker()) return;
      this.inFlight.delete(req);
      this.resources.push({ ...blank(req), failed: req.failure()?.errorText ?? 'failed' });
    });
  }

  private async record(req: Request): Promise<void> {
    try {
      const res = await req.response();
      const sizes = await req.sizes();
      const headers = res ? await res.allHeaders() : {};
      const mimeType = (headers['content-type'] ?? '').split(';')[0];
      let body = sizes.responseBodySize;
      // Chromium reports no body for the worker's own script: ask the server for it again, as
      // the browser asked (compressed), and count what comes.
      if (req.resourceType() === 'script' && body === 0 && res?.status() === 200) {
        body = await encodedBodyLength(req.url(), headers['content-encoding'] ?? 'identity');
      }
      this.resources.push({
        ...blank(req),
        type: mimeType === 'text/html' ? 'Document' : req.resourceType(),
        status: res?.status() ?? 0,
        mimeType,
        encoding: headers['content-encoding'] ?? 'identity',
        // Chromium counts a body from the browser's cache as minus its headers: nothing crossed.
        fromCache: sizes.responseHeadersSize + sizes.responseBodySize <= 0,
        bytes: Math.max(0, sizes.responseHeadersSize + body),
      });
    } finally {
      this.inFlight.delete(req);
    }
  }

  pending(): string[] {
    return [...this.inFlight].map((r) => r.url());
  }

  /** What the worker fetched since the last take(). */
  take(): Resource[] {
    const taken = this.resources;
    this.resources = [];
    return taken;
  }
}

/** The bytes of `url`'s body as the server sends it in `encoding` (br, gzip or identity). */
function encodedBodyLength(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
        let length = 0;
        res.on('data', (chunk: Buffer) => (length += chunk.length));
        res.on('end', () => resolve(length));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function blank(req: Request): Resource {
  return { url: req.url(), type: req.resourceType(), status: 0, mimeType: '', encoding: '', fromCache: false, bytes: 0, worker: true };
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  return found ? String(found[1]) : undefined;
}

function kind(r: Resource): string {
  const file = new URL(r.url).pathname;
  if (r.type === 'Document') return 'html';
  if (r.type === 'Stylesheet' || file.endsWith('.css')) return 'css';
  if (file.endsWith('.wasm') || r.mimeType === 'application/wasm') return 'wasm';
  if (r.type === 'Script' || file.endsWith('.js')) return 'js';
  if (r.type === 'Image') return 'image';
  if (isFont(r)) return 'font';
  return 'other';
}

function isFont(r: Resource): boolean {
  return r.type === 'Font' || FONT_FILE.test(new URL(r.url).pathname) || r.mimeType.startsWith('font/');
}

/** `PAGE-WEIGHT …` lines: the total, the kinds, then every resource, biggest first. */
function print(w: Weighing): void {
  const kb = (n: number) => (n / KB).toFixed(1);
  console.log(
    `PAGE-WEIGHT ${w.name} total=${w.totalBytes} bytes (${kb(w.totalBytes)} KB) budget=${w.budgetBytes} bytes (${kb(w.budgetBytes)} KB) requests=${w.requests} url=${w.url}`,
  );
  for (const [k, bytes] of Object.entries(w.byKind).sort((a, b) => b[1] - a[1])) {
    console.log(`PAGE-WEIGHT ${w.name} kind=${k} bytes=${bytes}`);
  }
  for (const r of [...w.resources].sort((a, b) => b.bytes - a.bytes)) {
    const where = new URL(r.url);
    console.log(
      `PAGE-WEIGHT ${w.name} resource bytes=${r.bytes} kind=${kind(r)} type=${r.type} status=${r.status} ` +
        `encoding=${r.encoding || '-'} cache=${r.fromCache ? 'hit' : 'network'}${r.worker ? ' via=worker' : ''}${r.failed ? ` failed=${r.failed}` : ''} ` +
        `path=${where.pathname}${where.search}`,
    );
  }
}

/**
 * True once the islands have woken: the network-status island (in the layout of every page)
 * listens for `online` and `offline` on the window only after hydrating.
 */
async function islandsHydrated(cdp: CDPSession): Promise<boolean> {
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'window', objectGroup: 'page-weight' });
  try {
    if (!result.objectId) return false;
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    return listeners.some((l) => l.type === 'offline') && listeners.some((l) => l.type === 'online');
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'page-weight' });
  }
}

/** The load event, the network quiet, the islands awake, the network quiet again. */
async function settle(page: Page, cdp: CDPSession, meter: Meter, worker: WorkerMeter): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForLoadState('networkidle');
  await expect
    .poll(() => islandsHydrated(cdp), { message: 'the islands never hydrated (no online/offline listeners on window)', timeout: 10_000 })
    .toBe(true);
  await page.waitForLoadState('networkidle');
  await expect.poll(() => meter.pending(), { message: 'requests still loading' }).toEqual([]);
  // The service worker, installed after the load, has kept the page it was registered from.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const kept = new URL(page.url()).pathname;
  await expect.poll(() => page.evaluate(async (p) => (await caches.match(p)) !== undefined, kept), { message: `the worker never kept ${kept}` }).toBe(true);
  await expect.poll(() => worker.pending(), { message: 'worker requests still loading' }).toEqual([]);
}

test('the activity list weighs at most 150 KB on a first visit and a second page at most 25 KB with a warm cache', async ({ browser, app }) => {
  // A fresh context: an empty cache, no cookies.
  const context = await newPhoneContext(browser, app.baseURL);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const meter = new Meter(cdp);
    const worker = new WorkerMeter(context);
    await cdp.send('Network.enable');

    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: '近期活动' })).toBeVisible();
    await settle(page, cdp, meter, worker);
    const first = meter.take('first-visit', new URL(page.url()).pathname, FIRST_VISIT_BUDGET, worker.take());

    // The second page, as she would reach it: the first activity on the list.
    const card = page.locator('li.card[data-category] .card-title a').first();
    const activityPath = (await card.getAttribute('href')) ?? '';
    expect(activityPath).toMatch(/^\/activities\/\d+$/);
    await card.click();
    await expect(page).toHaveURL(new RegExp(`${activityPath}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await settle(page, cdp, meter, worker);
    const warm = meter.take('warm-cache', activityPath, WARM_CACHE_BUDGET, worker.take());

    // Record first, judge after: the numbers are wanted even when a budget is blown.
    print(first);
    print(warm);
    const fonts = [...first.resources, ...warm.resources].filter(isFont).map((r) => r.url);
    const report = {
      measuredAt: new Date().toISOString(),
      note: 'bytes received per request (headers + compressed body, Chromium encodedDataLength); cache hits count 0',
      viewport: page.viewportSize(),
      firstVisit: first,
      warmCache: warm,
      fonts,
    };
    fs.mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
    fs.writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
    await test.info().attach('page-weight.json', { path: REPORT_FILE, contentType: 'application/json' });

    // Sanity: the first visit did load the page, its CSS, JS and wasm, over the network.
    for (const k of ['html', 'css', 'js', 'wasm']) {
      expect(first.byKind[k] ?? 0, `bytes of ${k} on the first visit`).toBeGreaterThan(0);
    }
    expect(warm.byKind.html ?? 0, 'the second page itself came over the network').toBeGreaterThan(0);
    const workerScript = first.resources.find((r) => r.worker && new URL(r.url).pathname === '/sw.js');
    expect(workerScript?.bytes ?? 0, 'the service worker is weighed with the first visit').toBeGreaterThan(0);

    expect(fonts, 'web fonts (the site uses system fonts)').toEqual([]);
    expect(first.totalBytes, `first visit of / (see the PAGE-WEIGHT lines)`).toBeLessThanOrEqual(FIRST_VISIT_BUDGET);
    expect(warm.totalBytes, `${activityPath} with a warm cache (see the PAGE-WEIGHT lines)`).toBeLessThanOrEqual(WARM_CACHE_BUDGET);
  } finally {
    await context.close();
  }
});
