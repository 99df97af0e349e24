import { checkPage } from '../support/checks';
import { expect, test } from '../support/fixtures';

test('language switch to English persists and switches back', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await page.getByRole('banner').getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  const links = nav.getByRole('link');
  await expect(links).toHaveCount(4);
  for (const [i, name] of ['Activities', 'Groups', 'Circles', 'Me'].entries()) {
    await expect(links.nth(i)).toHaveAccessibleName(name);
  }
  await expect(page.getByRole('heading', { level: 1, name: 'Upcoming activities' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Show by category' }).getByRole('link', { name: 'Legal aid' })).toBeVisible();
  await checkPage(page, 'home-en');

  // Remembered across a reload …
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(nav.getByRole('link', { name: 'Activities' })).toBeVisible();

  // … and on other pages.
  await nav.getByRole('link', { name: 'Groups' }).click();
  await expect(page).toHaveURL(/\/groups$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Mutual-aid groups' })).toBeVisible();
  await checkPage(page, 'groups-en');

  // Switching back keeps her on the page she was on.
  await page.getByRole('banner').getByRole('link', { name: '中文' }).click();
  await expect(page).toHaveURL(/\/groups$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '互助组' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '活动', exact: true })).toBeVisible();
  await checkPage(page, 'groups-zh');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('language switch keeps the filtered list she was on', async ({ page }) => {
  await page.goto('/?category=legal_aid');
  await page.getByRole('banner').getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page, 'the switch should return to the page and query she was on').toHaveURL(/\/\?category=legal_aid$/);
  const cards = page.locator('li.card[data-category]');
  expect(await cards.count()).toBeGreaterThan(0);
  await expect(page.locator('li.card[data-category]:not([data-category="legal_aid"])')).toHaveCount(0);
  await expect(cards.first().locator('.card-category')).toHaveText('Legal aid');
  await checkPage(page, 'legal-aid-en');

  await page.getByRole('banner').getByRole('link', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveURL(/\/\?category=legal_aid$/);
});
