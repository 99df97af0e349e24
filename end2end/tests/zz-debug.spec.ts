import { expect, test } from '../support/fixtures';

test('debug sizes', async ({ page, context }) => {
  context.on('request', (r) => { if (r.serviceWorker()) console.log('REQ', r.method(), r.url(), r.resourceType(), r.isNavigationRequest()); });
  context.on('response', (r) => { if (r.request().serviceWorker()) console.log('RES', r.status(), r.url()); });
  context.on('requestfinished', async (r) => { if (r.serviceWorker()) { const s = await r.sizes().catch((e) => String(e)); console.log('FIN', r.url(), JSON.stringify(s)); } });
  context.on('requestfailed', (r) => { if (r.serviceWorker()) console.log('FAIL', r.url(), r.failure()?.errorText); });
  page.on('request', (r) => console.log('PAGEREQ', r.url()));
  await page.goto('/');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForTimeout(2000);
  console.log('--- second page');
  await page.goto('/activities/1');
  await page.waitForTimeout(3000);
});
