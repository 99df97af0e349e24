import { checkPage, newContextWithoutJavaScript } from '../support/checks';
import { expect, test } from '../support/fixtures';

// Every page must work with JavaScript off: plain links and server-rendered HTML.
test('works without JavaScript', async ({ browser, app }) => {
  const context = await newContextWithoutJavaScript(browser, {
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    baseURL: app.baseURL,
  });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: '近期活动' })).toBeVisible();
    expect(await page.locator('li.card[data-category]').count()).toBeGreaterThan(0);
    await checkPage(page, 'home');

    const chips = page.getByRole('navigation', { name: '按类别查看' });
    await chips.getByRole('link', { name: '法律援助' }).click();
    await expect(page).toHaveURL(/\?category=legal_aid$/);
    expect(await page.locator('li.card[data-category]').count()).toBeGreaterThan(0);
    await expect(page.locator('li.card[data-category]:not([data-category="legal_aid"])')).toHaveCount(0);
    await checkPage(page, 'legal-aid');

    // The bottom navigation is plain links too.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '活动', exact: true }).click();
    await expect(page).toHaveURL(/\/$/);

    // The language switch is a link to the server, which sets the cookie and sends her back.
    // (That it keeps a filtered list is checked in language.spec.ts.)
    await page.getByRole('banner').getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Upcoming activities' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Activities' })).toBeVisible();
    expect(await page.locator('li.card[data-category]').count()).toBeGreaterThan(0);
    await checkPage(page, 'home-en');

    await page.getByRole('banner').getByRole('link', { name: '中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: '近期活动' })).toBeVisible();
  } finally {
    await context.close();
  }
});
