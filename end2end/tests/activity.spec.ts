import type { Page } from '@playwright/test';

import { checkPage } from '../support/checks';
import { expect, test } from '../support/fixtures';

// One activity's page: its facts, its calendar file, signing up and cancelling.

const DEMO_MEMBER = { phone: '13800000010', password: 'tongxin-demo' };
const TITLE = '广场舞交流会';

async function logIn(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('手机号', { exact: true }).fill(DEMO_MEMBER.phone);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_MEMBER.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me$/);
}

/** Opens the activity from the home page's card; returns its path, /activities/<id>. */
async function openActivity(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('link', { name: TITLE, exact: true }).first().click();
  await expect(page).toHaveURL(/\/activities\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  return new URL(page.url()).pathname;
}

test('an activity page shows its facts and a calendar file', async ({ page }) => {
  const path = await openActivity(page);

  const facts = page.locator('dl.facts');
  for (const term of ['时间', '地点', '名额', '主办']) {
    await expect(facts.getByRole('term').filter({ hasText: term })).toHaveCount(1);
  }

  const calendar = page.getByRole('link', { name: '加入日历' });
  await expect(calendar).toHaveAttribute('href', `${path}/calendar.ics`);
  const res = await page.request.get(`${path}/calendar.ics`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/calendar');
  expect((await res.text()).startsWith('BEGIN:VCALENDAR')).toBe(true);

  await checkPage(page, 'activity');
});

test('the demo member signs up and cancels', async ({ page }) => {
  await logIn(page);
  await openActivity(page);

  await page.getByRole('button', { name: '我要报名', exact: true }).click();
  await expect(page.getByText('报名成功，请按时参加。')).toBeVisible();
  const code = page.locator('p', { hasText: '签到码：' });
  await expect(code).toBeVisible();
  await expect(code.locator('strong')).toHaveText(/^\d{6}$/);
  await checkPage(page, 'signed-up');

  await page.getByRole('link', { name: '取消报名', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '确定不去了吗？' })).toBeVisible();
  await checkPage(page, 'cancel-question');
  await page.getByRole('button', { name: '确定不去了', exact: true }).click();
  await expect(page.getByText('已取消报名。')).toBeVisible();
  await expect(page.getByRole('button', { name: '我要报名', exact: true })).toBeVisible();
  await expect(page.getByText('报名成功，请按时参加。')).toHaveCount(0);
});

test('the delete-account page asks for the password', async ({ page }) => {
  await logIn(page);
  await page.goto('/me/delete');
  await expect(page.getByRole('heading', { level: 1, name: '注销账号' })).toBeVisible();
  await expect(page.getByLabel('请输入密码确认')).toHaveAttribute('type', 'password');
  await checkPage(page, 'delete-account');
});
