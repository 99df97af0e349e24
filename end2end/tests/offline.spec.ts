import type { BrowserContext, Page } from '@playwright/test';

import { checkPage } from '../support/checks';
import { expect, test } from '../support/fixtures';
import { logIn, MEMBER_CHEN, MEMBER_LIU, MEMBER_ZHANG } from '../support/people';

// The installable app (issue 15 §4): the web app manifest, the service worker (public/sw.js),
// pages kept for reading without a signal, the offline page, a sign-up made offline and sent
// once the network is back, and logging out leaving nothing of hers on the phone.

const TITLE = '广场舞交流会';
const SIGNED_UP = '报名成功，请按时参加。';
const SAVED_LINE = /上次更新：\d+月\d+日 \d{2}:\d{2}/;
const QUEUED = '现在没有网络，将在联网后发送。';
const OFFLINE_HEADING = '现在没有网络';
const MY_ACTIVITIES = '我报名的活动';

/** Waits until the service worker is active and controls this page. */
async function workerReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The page that registered it is claimed once it activates.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** Whether the phone keeps a copy of `path` (any of the site's caches). */
function kept(page: Page, path: string): Promise<boolean> {
  return page.evaluate(async (p) => (await caches.match(p)) !== undefined, path);
}

/** Opens the demo activity from the list; returns its path, /activities/<id>. */
async function openActivity(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('link', { name: TITLE, exact: true }).first().click();
  await expect(page).toHaveURL(/\/activities\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** The width and height a PNG file says it has (its IHDR chunk). */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

async function goOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
}

test('the manifest is valid, linked from every page, and the service worker installs', async ({ page, baseURL }) => {
  for (const path of ['/', '/login', '/groups']) {
    await page.goto(path);
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  }
  const themeColor = await page.locator('meta[name="theme-color"]').getAttribute('content');

  const res = await page.request.get('/manifest.webmanifest');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await res.json();
  expect(manifest.name).toContain('同心');
  expect(manifest.short_name).toBe('同心');
  expect(manifest.start_url).toBe('/');
  expect(manifest.scope).toBe('/');
  expect(manifest.display).toBe('standalone');
  expect(manifest.lang).toBe('zh-CN');
  expect(manifest.theme_color).toBe(themeColor);
  expect(manifest.theme_color).toBe('#a3231f');
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);

  // Icons: PNG at 192 and 512 (what Android asks for), one of them maskable; each is there
  // and is the size it claims.
  const icons: { src: string; sizes: string; type: string; purpose?: string }[] = manifest.icons;
  const png = icons.filter((i) => i.type === 'image/png');
  expect(png.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(png.some((i) => i.purpose === 'maskable' && i.sizes === '512x512')).toBe(true);
  for (const icon of icons) {
    const file = await page.request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()['content-type'], icon.src).toContain(icon.type);
    if (icon.type === 'image/png') {
      const [w, h] = pngSize(await file.body());
      expect(`${w}x${h}`, icon.src).toBe(icon.sizes);
    }
  }

  // The worker: JavaScript from the site root, allowed by the CSP, controlling the whole site.
  const sw = await page.request.get('/sw.js');
  expect(sw.status()).toBe(200);
  expect(sw.headers()['content-type']).toMatch(/javascript/);
  const csp = (await page.request.get('/')).headers()['content-security-policy'];
  expect(csp).toContain("worker-src 'self'");
  expect(csp).toContain("manifest-src 'self'");
  await workerReady(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(`${baseURL}/`);
  // The offline page is on the phone from the start.
  await expect.poll(() => kept(page, '/offline.html')).toBe(true);
});

test('without network, a visited activity and her activities open with when they were saved; other pages say she is offline', async ({ page, context }) => {
  await logIn(page, MEMBER_ZHANG.phone);
  await workerReady(page);
  const path = await openActivity(page);
  await page.getByRole('button', { name: '我要报名', exact: true }).click();
  await expect(page.getByText(SIGNED_UP)).toBeVisible();
  const code = (await page.locator('p', { hasText: '签到码：' }).locator('strong').textContent()) ?? '';
  expect(code).toMatch(/^\d{6}$/);
  await page.goto('/me/activities');
  await expect(page.getByRole('heading', { level: 1, name: MY_ACTIVITIES })).toBeVisible();
  await expect.poll(() => kept(page, path)).toBe(true);
  await expect.poll(() => kept(page, '/me/activities')).toBe(true);
  // Online, nothing says "saved".
  await expect(page.getByText(SAVED_LINE)).toBeHidden();

  await goOffline(context, page);
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByText(SAVED_LINE)).toBeVisible();
  await expect(page.locator('strong.code')).toHaveText(code);
  await checkPage(page, 'offline-activity');

  await page.goto('/me/activities');
  await expect(page.getByRole('heading', { level: 1, name: MY_ACTIVITIES })).toBeVisible();
  await expect(page.getByText(SAVED_LINE)).toBeVisible();
  await expect(page.locator('li.my-signup', { hasText: TITLE }).locator('strong.code')).toHaveText(code);
  await checkPage(page, 'offline-my-activities');

  // A page she never kept (and may not keep: circles are personal): the offline page, with
  // the pages the phone does keep.
  await page.goto('/circles');
  await expect(page.getByRole('heading', { level: 1, name: OFFLINE_HEADING })).toBeVisible();
  await expect(page.getByRole('link', { name: new RegExp(TITLE) })).toHaveAttribute('href', path);
  await expect(page.getByRole('link', { name: new RegExp(MY_ACTIVITIES) })).toHaveAttribute('href', '/me/activities');
  await checkPage(page, 'offline-page');

  // Her profile is never kept, even after a visit.
  await context.setOffline(false);
  await page.goto('/me');
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  expect(await kept(page, '/me')).toBe(false);
  await goOffline(context, page);
  await page.goto('/me');
  await expect(page.getByRole('heading', { level: 1, name: OFFLINE_HEADING })).toBeVisible();
});

test('a sign-up made without network is sent when she is back online and shows what she got', async ({ page, context }) => {
  await logIn(page, MEMBER_LIU.phone);
  await workerReady(page);
  const path = await openActivity(page);
  await expect.poll(() => kept(page, path)).toBe(true);

  await goOffline(context, page);
  await page.getByRole('button', { name: '我要报名', exact: true }).click();
  await expect(page.getByText(QUEUED)).toBeVisible();
  await expect(page.getByText(SAVED_LINE)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${path}\\?queued=signup`));
  await checkPage(page, 'offline-signup-waiting');

  // Back online: the worker sends it, and her page shows what the server answered.
  await context.setOffline(false);
  await expect(page.getByText('好了，下面是你的报名情况。')).toBeVisible({ timeout: 15_000 });
  await expect(page).toHaveURL(new RegExp(`${path}\\?done=signed_up`));
  await expect(page.getByText(QUEUED)).toBeHidden();
  await expect(page.locator('#signup-status')).toHaveText(SIGNED_UP);
  await expect(page.locator('strong.code')).toHaveText(/^\d{6}$/);
  const id = path.split('/').pop();
  const mine = await page.request.get(`/api/activities/my_signup?activity_id=${id}`);
  expect((await mine.json()).status).toBe('confirmed');
  await checkPage(page, 'offline-signup-sent');
});

test('giving up a seat without network is sent when she is back online', async ({ page, context }) => {
  await logIn(page, MEMBER_CHEN.phone);
  await workerReady(page);
  const path = await openActivity(page);
  await page.getByRole('button', { name: '我要报名', exact: true }).click();
  await expect(page.locator('#signup-status')).toHaveText(SIGNED_UP);
  // Her page links to its "cancel?" page: the phone keeps that too.
  await expect.poll(() => kept(page, `${path}/cancel`)).toBe(true);

  await goOffline(context, page);
  await page.getByRole('link', { name: '取消报名', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '确定不去了吗？' })).toBeVisible();
  await expect(page.getByText(SAVED_LINE)).toBeVisible();
  await page.getByRole('button', { name: '确定不去了', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${path}\\?queued=cancel`));
  await expect(page.getByText(QUEUED)).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByText('已取消报名。')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: '我要报名', exact: true })).toBeVisible();
  await expect(page.getByText(QUEUED)).toBeHidden();
  const id = path.split('/').pop();
  expect(await (await page.request.get(`/api/activities/my_signup?activity_id=${id}`)).json()).toBeNull();
});

test('logging out leaves none of her pages on the phone', async ({ page, context }) => {
  await logIn(page, MEMBER_ZHANG.phone);
  await workerReady(page);
  await page.goto('/me/activities');
  await expect(page.getByRole('heading', { level: 1, name: MY_ACTIVITIES })).toBeVisible();
  await expect.poll(() => kept(page, '/me/activities')).toBe(true);

  await page.goto('/me');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/$/);
  // Clear-Site-Data took the caches (and the worker) with it.
  expect(await kept(page, '/me/activities')).toBe(false);

  // The worker comes back for the visitor; her page does not.
  await workerReady(page);
  await goOffline(context, page);
  await page.goto('/me/activities');
  await expect(page.getByRole('heading', { level: 1, name: OFFLINE_HEADING })).toBeVisible();
  await expect(page.locator('strong.code')).toHaveCount(0);
});

test('once her login has ended, the next page drops what was kept for her', async ({ page, context }) => {
  await logIn(page, MEMBER_ZHANG.phone);
  await workerReady(page);
  const path = await openActivity(page);
  await page.goto('/me/activities');
  await expect.poll(() => kept(page, '/me/activities')).toBe(true);
  expect(await kept(page, path)).toBe(true);

  // Her session cookie is gone, as when the session ends (or on a browser that ignores
  // Clear-Site-Data): the first page answered to a visitor says so.
  await context.clearCookies();
  await page.goto('/');
  await expect(page.getByRole('link', { name: '我的' })).toBeVisible();
  await expect.poll(() => kept(page, '/me/activities')).toBe(false);
  expect(await kept(page, path), 'her copy of the activity, with her check-in code').toBe(false);
  // What anyone may read stays: the list as a visitor sees it.
  expect(await kept(page, '/')).toBe(true);
});
