import { checkPage } from '../support/checks';
import { expect, test } from '../support/fixtures';

const PAGES = [
  { path: '/groups', link: '互助组', heading: '互助组', name: 'groups' },
  { path: '/circles', link: '家教圈', heading: '家庭教育交流圈', name: 'circles' },
  { path: '/me', link: '我的', heading: '我的', name: 'me' },
];

for (const p of PAGES) {
  test(`bottom nav opens ${p.name}`, async ({ page }) => {
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: p.link, exact: true }).click();

    await expect(page).toHaveURL(new RegExp(`${p.path}$`));
    await expect(page.getByRole('heading', { level: 1, name: p.heading, exact: true })).toBeVisible();
    await expect(page).toHaveTitle(`${p.heading} · 同心`);
    // Only the page she is on is marked current.
    await expect(nav.getByRole('link', { name: p.link, exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(nav.locator('a[aria-current="page"]')).toHaveCount(1);
    await checkPage(page, p.name);
  });
}

test('bottom nav pages answer directly', async ({ page }) => {
  for (const p of PAGES) {
    const response = await page.goto(p.path);
    expect(response?.status(), p.path).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: p.heading, exact: true })).toBeVisible();
  }
});
