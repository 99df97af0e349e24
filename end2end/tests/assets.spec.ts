import crypto from 'node:crypto';
import path from 'node:path';

import type { APIRequestContext, Page, Response } from '@playwright/test';

import { expect, test } from '../support/fixtures';
import { siteRoot, wasmFiles } from '../support/paths';

// HTTP hygiene of the built site: the pkg files (CSS, JS, wasm) have content-hashed names,
// are cached for a year and are compressed as the browser asks; every page has a CSP with a
// fresh nonce that all its scripts carry. Needs a release build (hashed names, wasm).

const wasm = wasmFiles();
test.skip(
  wasm.length === 0,
  `no .wasm in ${path.join(siteRoot(), 'pkg')}: run \`cargo leptos build --release\` (or point LEPTOS_SITE_ROOT at a built site)`,
);

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** tongxin.<hash>.<ext>: cargo-leptos names pkg files by the MD5 of their content, base64url. */
const HASHED_NAME = /^tongxin\.([A-Za-z0-9_-]{22})\.(css|js|wasm)$/;

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** base64url (unpadded) MD5 of the bytes: the hash cargo-leptos puts in the file names. */
function contentHash(body: Buffer): string {
  return crypto.createHash('md5').update(body).digest('base64url');
}

function isPkg(url: string): boolean {
  return new URL(url).pathname.startsWith('/pkg/');
}

/** Loads the home page and returns the /pkg responses it fetched, by kind. */
async function loadHomeCollectingPkg(page: Page): Promise<Map<string, Response>> {
  const pkg: Response[] = [];
  page.on('response', (res) => {
    if (isPkg(res.url())) pkg.push(res);
  });
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await page.waitForLoadState('networkidle');

  const byKind = new Map<string, Response>();
  for (const res of pkg) {
    const name = path.posix.basename(new URL(res.url()).pathname);
    const kind = path.posix.extname(name).slice(1);
    byKind.set(kind, res);
  }
  return byKind;
}

test('pkg files have hashed names and are cached for a year', async ({ page, request }) => {
  const byKind = await loadHomeCollectingPkg(page);
  expect([...byKind.keys()].sort(), 'the home page loads the CSS, the JS and the wasm from /pkg').toEqual(['css', 'js', 'wasm']);

  for (const [kind, res] of byKind) {
    const url = res.url();
    const name = path.posix.basename(new URL(url).pathname);
    expect(res.status(), url).toBe(200);
    expect(res.headers()['cache-control'], `cache-control of ${name}`).toBe(IMMUTABLE);
    const match = HASHED_NAME.exec(name);
    expect(match, `${name} should be tongxin.<hash>.${kind}`).not.toBeNull();

    // The hash in the name is the hash of what is served: a changed file gets a new name,
    // so a year of caching never serves a stale file.
    const plain = await request.get(url, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status()).toBe(200);
    expect(plain.headers()['content-encoding'] ?? 'identity', name).toBe('identity');
    expect(contentHash(await plain.body()), `the content hash of ${name}`).toBe(match?.[1]);
  }

  const types: Record<string, RegExp> = {
    css: /^text\/css\b/,
    js: /^(text|application)\/javascript\b/,
    wasm: /^application\/wasm$/,
  };
  for (const [kind, type] of Object.entries(types)) {
    expect(byKind.get(kind)?.headers()['content-type'] ?? '', `content-type of the ${kind}`).toMatch(type);
  }
});

/** GET with only this accept-encoding; returns the response and its (decoded) body. */
async function fetchEncoded(request: APIRequestContext, url: string, encoding: string) {
  const res = await request.get(url, { headers: { 'accept-encoding': encoding } });
  return { res, body: await res.body() };
}

test('the CSS and the wasm are sent compressed with br or gzip', async ({ page, request }) => {
  const byKind = await loadHomeCollectingPkg(page);
  for (const kind of ['css', 'wasm']) {
    const url = byKind.get(kind)?.url();
    expect(url, `the home page loads a .${kind} from /pkg`).toBeDefined();
    if (!url) continue;
    const name = path.posix.basename(new URL(url).pathname);

    const identity = await fetchEncoded(request, url, 'identity');
    expect(identity.res.status()).toBe(200);

    for (const encoding of ['br', 'gzip']) {
      const { res, body } = await fetchEncoded(request, url, encoding);
      expect(res.status(), `${name} with accept-encoding: ${encoding}`).toBe(200);
      const headers = res.headers();
      expect(headers['content-encoding'], `content-encoding of ${name} asked with ${encoding}`).toBe(encoding);
      // Caches must keep the variants apart.
      expect(headers['vary'] ?? '', `vary of ${name}`).toMatch(/accept-encoding/i);
      expect(headers['cache-control'], `cache-control of ${name} (${encoding})`).toBe(IMMUTABLE);
      // Playwright decodes the body: it must be the very same file.
      expect(body.equals(identity.body), `${name} decoded from ${encoding} equals the plain file`).toBe(true);
    }
  }
});

/** The nonce in a Content-Security-Policy header's script-src. */
function scriptNonce(csp: string): string | undefined {
  const scriptSrc = csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('script-src '));
  return scriptSrc ? /'nonce-([A-Za-z0-9+/_=-]+)'/.exec(scriptSrc)?.[1] : undefined;
}

test('the page has a CSP with a nonce that every script carries, and loads without violations', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content.Security.Policy/i.test(msg.text())) errors.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  // Chromium logs CSP violations to the console; record the DOM events too.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations?.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });

  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp, 'content-security-policy header of the page').not.toBe('');
  expect(csp).toMatch(/(^|;)\s*default-src 'self'/);
  expect(csp).toMatch(/(^|;)\s*object-src 'none'/);
  expect(csp, 'no unsafe-inline or unsafe-eval for scripts').not.toMatch(/'unsafe-(inline|eval)'/);
  const nonce = scriptNonce(csp);
  expect(nonce, `a nonce in script-src of ${csp}`).toBeTruthy();
  expect(nonce?.length ?? 0, 'the nonce has at least 128 bits').toBeGreaterThanOrEqual(22);

  // Every <script> the server sent carries the nonce (read from the HTML itself: browsers
  // hide the nonce attribute from the DOM once the page is parsed).
  const html = (await response?.text()) ?? '';
  const scriptTags = html.match(/<script\b[^>]*>/gi) ?? [];
  expect(scriptTags.length, 'the page has scripts (the islands bootstrap)').toBeGreaterThan(0);
  for (const tag of scriptTags) {
    expect(/\bnonce="([^"]*)"/.exec(tag)?.[1], `nonce of ${tag}`).toBe(nonce);
  }

  // … and so does every script in the live document once the islands have loaded.
  await page.waitForLoadState('networkidle');
  const domNonces = await page.locator('script').evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).nonce));
  expect(domNonces.length).toBeGreaterThan(0);
  expect(domNonces, 'nonces of the scripts in the document').toEqual(domNonces.map(() => nonce));

  const violations = await page.evaluate(() => window.__cspViolations ?? []);
  expect(violations, 'Content-Security-Policy violations').toEqual([]);
  expect(errors, 'console errors and page errors (CSP violations among them)').toEqual([]);

  // A fresh nonce for every response.
  const again = await page.reload();
  const nonceAgain = scriptNonce(again?.headers()['content-security-policy'] ?? '');
  expect(nonceAgain).toBeTruthy();
  expect(nonceAgain, 'each response has its own nonce').not.toBe(nonce);
});
