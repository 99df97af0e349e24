import { checkPage } from '../support/checks';
import { expect, test } from '../support/fixtures';

const CATEGORIES = ['文体活动', '技能培训', '创业指导', '健康筛查', '法律援助', '家庭教育', '议事参与', '关爱走访'];

test('home page lists activities in Chinese', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);

  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('banner').getByRole('link', { name: '同心', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: '近期活动' })).toBeVisible();

  const nav = page.getByRole('navigation', { name: '主导航' });
  const links = nav.getByRole('link');
  await expect(links).toHaveCount(4);
  for (const [i, name] of ['活动', '互助组', '家教圈', '我的'].entries()) {
    await expect(links.nth(i)).toHaveAccessibleName(name);
  }
  await expect(nav.getByRole('link', { name: '活动', exact: true })).toHaveAttribute('aria-current', 'page');

  const chips = page.getByRole('navigation', { name: '按类别查看' });
  await expect(chips.getByRole('link', { name: '全部' })).toHaveAttribute('aria-current', 'page');
  for (const category of CATEGORIES) {
    await expect(chips.getByRole('link', { name: category })).toBeVisible();
  }

  // The demo data: activities of several categories, each card with a title, time and place.
  const cards = page.locator('li.card[data-category]');
  expect(await cards.count()).toBeGreaterThan(0);
  const categories = new Set(await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-category'))));
  expect(categories.size).toBeGreaterThan(1);
  for (const card of await cards.all()) {
    await expect(card.locator('.card-title')).not.toBeEmpty();
    await expect(card.locator('time[datetime]')).not.toBeEmpty();
  }

  await checkPage(page, 'home');
});

test('category filter shows only that category', async ({ page }) => {
  await page.goto('/');
  const chips = page.getByRole('navigation', { name: '按类别查看' });
  await chips.getByRole('link', { name: '法律援助' }).click();

  await expect(page).toHaveURL(/\?category=legal_aid$/);
  const legalAid = chips.getByRole('link', { name: '法律援助' });
  await expect(legalAid).toHaveAttribute('aria-current', 'page');
  await expect(chips.getByRole('link', { name: '全部' })).not.toHaveAttribute('aria-current', 'page');

  const cards = page.locator('li.card[data-category]');
  expect(await cards.count()).toBeGreaterThan(0);
  await expect(page.locator('li.card[data-category]:not([data-category="legal_aid"])')).toHaveCount(0);
  for (const card of await cards.all()) {
    await expect(card.locator('.card-category')).toHaveText('法律援助');
  }

  await checkPage(page, 'legal-aid');
});
