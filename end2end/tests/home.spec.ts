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

test('the filters line up at 360 px: each label above its own control, nothing wider than the screen', async ({ page }) => {
  await page.goto('/');
  await page.getByText('筛选', { exact: true }).first().click();
  const form = page.getByRole('search');
  await expect(form).toBeVisible();
  const fields: [string, string][] = [
    ['label[for=q]', '#q'],
    ['label[for=when]', '#when'],
    ['label[for=date]', '#date'],
  ];
  let previousBottom = 0;
  for (const [labelSel, controlSel] of fields) {
    const label = (await form.locator(labelSel).boundingBox())!;
    const control = (await form.locator(controlSel).boundingBox())!;
    // The label sits above its control, both start at the same left edge, and the pair
    // comes after the one before it.
    expect(label.y + label.height, `${labelSel} above ${controlSel}`).toBeLessThanOrEqual(control.y + 1);
    expect(Math.abs(label.x - control.x), `${labelSel} aligned with ${controlSel}`).toBeLessThanOrEqual(1);
    expect(label.y, `${labelSel} after the field before it`).toBeGreaterThanOrEqual(previousBottom - 1);
    expect(control.x + control.width).toBeLessThanOrEqual(360);
    previousBottom = control.y + control.height;
  }
  const seats = (await form.getByLabel('只看还有名额的').boundingBox())!;
  expect(seats.y).toBeGreaterThanOrEqual(previousBottom - 1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test('with larger text the header keeps its switches on one line and shows no cut-off name', async ({ page }) => {
  await page.goto('/text-size/large');
  await page.goto('/');
  const banner = page.getByRole('banner');
  // The name stays for screen readers; on screen the mark says it.
  await expect(banner.getByRole('link', { name: '同心', exact: true })).toBeVisible();
  const name = banner.locator('.brand-name');
  const clipped = await name.evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).position !== 'absolute');
  expect(clipped, 'the name is either whole or hidden, never cut to 同…').toBe(false);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
