import { checkPage } from '../support/checks';
import { expect, test } from '../support/fixtures';

test('unknown page answers 404 in Chinese', async ({ page }) => {
  const response = await page.goto('/does-not-exist');
  expect(response?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '找不到这个页面' })).toBeVisible();
  // The frame is still there, so she can find her way.
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  await checkPage(page, 'not-found');

  await page.getByRole('main').getByRole('link', { name: '回到首页' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: '近期活动' })).toBeVisible();
});

test('unknown page answers 404 in English', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('banner').getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  const response = await page.goto('/does-not-exist');
  expect(response?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Back to the home page' })).toHaveAttribute('href', '/');
  await checkPage(page, 'not-found-en');
});
