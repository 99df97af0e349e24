import { checkPage } from '../support/checks';
import { expect, test } from '../support/fixtures';
import { logIn, MEMBER_ZHANG, ORGANIZER } from '../support/people';

// Larger text for older eyes: the header's 大字 switch is a plain link, remembered, and every
// page still fits a 360-px phone at the larger size: nothing scrolls sideways.

async function fitsTheScreen(page: import('@playwright/test').Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('html')).toHaveClass(/large-text/);
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  expect(scroll, `${path} scrolls sideways at the larger size`).toBeLessThanOrEqual(width);
}

test('larger text is one tap in the header, remembered, and every page still fits 360 px', async ({ page }) => {
  test.slow();
  await page.goto('/');
  const before = await page.locator('h1').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await page.locator('header').getByRole('link', { name: '大字', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('html')).toHaveClass(/large-text/);
  const after = await page.locator('h1').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(after).toBeGreaterThan(before * 1.2);
  await expect(page.locator('header').getByRole('link', { name: '标准字', exact: true })).toBeVisible();
  await checkPage(page, 'home-larger-text');

  for (const path of ['/', '/activities/1', '/login', '/register', '/privacy', '/claim']) {
    await fitsTheScreen(page, path);
  }
  await logIn(page, MEMBER_ZHANG.phone);
  for (const path of ['/me', '/me/activities', '/notifications', '/circles', '/circles/1', '/threads/1', '/groups']) {
    await fitsTheScreen(page, path);
  }
  await page.context().clearCookies();
  await page.context().addCookies([{ name: 'text', value: 'large', url: page.url() }]);
  await logIn(page, ORGANIZER.phone);
  for (const path of ['/organizer', '/organizer/activities/1', '/organizer/activities/new', '/moderation', '/helper/women']) {
    await fitsTheScreen(page, path);
  }

  // And back.
  await page.locator('header').getByRole('link', { name: '标准字', exact: true }).click();
  await expect(page.locator('html')).not.toHaveClass(/large-text/);
});
