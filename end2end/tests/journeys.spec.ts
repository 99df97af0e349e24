import type { Browser, Page } from '@playwright/test';

import { checkPage, keyScreen, newContextWithoutJavaScript } from '../support/checks';
import { expect, test } from '../support/fixtures';
import { logIn, MEMBER_LIU, newPhoneContext } from '../support/people';

// The woman's journey without dead ends, at 360 × 740 in Chinese: a link shared in a WeChat
// group brings her to an activity; she sees who may join, presses 我要报名, registers, and
// lands on the activity with her seat, her companion counted and her check-in code; she is
// asked once before giving the seat up, and told when it is done. With JavaScript and without.

/** A new number per run, so each journey registers a new woman. */
function newPhone(): string {
  return `139${String(Date.now() % 100_000_000).padStart(8, '0')}`;
}

/** The first family-education activity (two children may come along), as a shared link would open it. */
async function openSharedLink(page: Page): Promise<string> {
  await page.goto('/?category=family_education');
  await page.locator('li.card .card-title a').first().click();
  await expect(page).toHaveURL(/\/activities\/\d+$/);
  return new URL(page.url()).pathname;
}

async function walkTheJourney(page: Page, screens: string | null): Promise<void> {
  const path = await openSharedLink(page);
  const title = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';

  await test.step('she sees who may join before she taps', async () => {
    await expect(page.getByRole('heading', { name: '谁可以报名' })).toBeVisible();
    await expect(page.getByText('带的孩子也占名额').first()).toBeVisible();
    if (screens) await keyScreen(page, `${screens}-1-activity`);
    else await checkPage(page, 'activity');
  });

  await test.step('pressing 我要报名 asks her to register, keeping her child', async () => {
    await page.getByLabel('同行人数（如孩子）').selectOption('1');
    await page.getByRole('button', { name: '我要报名', exact: true }).click();
    await expect(page.getByRole('heading', { name: '登录后就能报名' })).toBeVisible();
    if (screens) await keyScreen(page, `${screens}-2-login-to-join`);
    else await checkPage(page, 'login-to-join');
    await page.getByRole('link', { name: '注册', exact: true }).click();
    await expect(page).toHaveURL(/\/register\?join=\d+&companions=1$/);
    await expect(page.getByText('登录或注册后，就会为你报名这个活动。')).toBeVisible();
    await checkPage(page, 'register-to-join');
  });

  await test.step('registering lands her on the activity with her seat', async () => {
    await page.getByLabel('手机号', { exact: true }).fill(newPhone());
    await page.getByLabel('密码', { exact: true }).fill('river-field-42');
    await page.getByLabel('称呼', { exact: true }).fill('小芳');
    await page.getByLabel('所在的村（社区）').selectOption({ label: '东湾村' });
    await page.getByRole('checkbox', { name: /我已年满14周岁，已阅读并同意隐私说明/ }).check();
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}\\?done=welcome#signup$`));
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('欢迎加入同心！')).toBeVisible();
    await expect(page.locator('#signup-status')).toHaveText('报名成功，请按时参加。');
    await expect(page.getByText('带1人同行，共占2个名额。')).toBeVisible();
    await expect(page.locator('strong.code')).toHaveText(/^\d{6}$/);
    await expect(page.getByText('到了现场给工作人员看。')).toBeVisible();
    if (screens) await keyScreen(page, `${screens}-3-signed-up`);
    else await checkPage(page, 'signed-up');
  });

  await test.step('giving the seat up asks once, and can be taken back', async () => {
    await page.getByRole('link', { name: '取消报名', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: '确定不去了吗？' })).toBeVisible();
    await expect(page.getByText('名额会让给排队的姐妹。')).toBeVisible();
    if (screens) await keyScreen(page, `${screens}-4-cancel-question`);
    else await checkPage(page, 'cancel-question');
    await page.getByRole('link', { name: '不，我还要去' }).click();
    await expect(page.locator('#signup-status')).toHaveText('报名成功，请按时参加。');
    await page.getByRole('link', { name: '取消报名', exact: true }).click();
    await page.getByRole('button', { name: '确定不去了', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}\\?done=cancelled#signup$`));
    await expect(page.getByText('已取消报名。')).toBeVisible();
    await expect(page.getByRole('button', { name: '我要报名', exact: true })).toBeVisible();
    await checkPage(page, 'cancelled');
  });
}

async function onAPhone(browser: Browser, baseURL: string, javaScript: boolean, walk: (page: Page) => Promise<void>): Promise<void> {
  const options = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL };
  const context = javaScript ? await newPhoneContext(browser, baseURL) : await newContextWithoutJavaScript(browser, options);
  try {
    await walk(await context.newPage());
  } finally {
    await context.close();
  }
}

test('from a shared link to a seat, and a second chance before giving it up', async ({ browser, app }) => {
  await onAPhone(browser, app.baseURL, true, (page) => walkTheJourney(page, 'woman'));
});

test('the same journey works without JavaScript', async ({ browser, app }) => {
  await onAPhone(browser, app.baseURL, false, (page) => walkTheJourney(page, null));
});

test('pages that need a login greet a visitor with the way in', async ({ page }) => {
  for (const [path, heading] of [
    ['/me/activities', '我报名的活动'],
    ['/notifications', '消息'],
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByText('出了点问题')).toHaveCount(0);
    await expect(page.getByRole('link', { name: '注册', exact: true })).toHaveAttribute('href', `/register?next=${path}`);
    await checkPage(page, `visitor-${heading}`);
  }
  // Logging in from there brings her back.
  await page.getByRole('link', { name: '登录', exact: true }).click();
  await page.getByLabel('手机号', { exact: true }).fill('13800000010');
  await page.getByLabel('密码', { exact: true }).fill('tongxin-demo');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole('heading', { level: 1, name: '消息' })).toBeVisible();
});

test('her data in plain words, with real dates, and the file as a second choice', async ({ page }) => {
  await logIn(page, MEMBER_LIU.phone);
  await page.getByRole('link', { name: '看看同心保存了我的哪些信息' }).click();
  await expect(page).toHaveURL(/\/me\/data$/);
  await expect(page.getByRole('heading', { level: 1, name: '我的数据' })).toBeVisible();
  const details = page.locator('dl.record');
  await expect(details).toContainText(MEMBER_LIU.name);
  await expect(details).toContainText(MEMBER_LIU.phone);
  await expect(details).toContainText(/注册时间\s*\d{4}年\d{1,2}月\d{1,2}日/);
  await expect(page.getByRole('heading', { name: '活动报名' })).toBeVisible();
  await expect(page.getByRole('link', { name: '下载我的数据文件' })).toHaveAttribute('href', '/api/me/export');
  await keyScreen(page, 'woman-5-my-data');
});

test('on a phone the list comes first: two activities in the first screen, filters folded', async ({ page }) => {
  await page.goto('/');
  const cards = page.locator('li.card[data-category]');
  const second = await cards.nth(1).boundingBox();
  expect(second, 'a second card').not.toBeNull();
  expect(second!.y + 48).toBeLessThan(740);
  const fold = page.locator('details.filter-fold');
  await expect(fold).not.toHaveAttribute('open', '');
  await expect(page.getByLabel('搜索活动名称或地点')).toBeHidden();
  await fold.locator('summary').click();
  await expect(page.getByLabel('搜索活动名称或地点')).toBeVisible();
  await keyScreen(page, 'woman-0-list-filters-open');
});
