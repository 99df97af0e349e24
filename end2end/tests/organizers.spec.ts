import type { Browser, BrowserContext, Page } from '@playwright/test';

import { checkPage } from '../support/checks';
import { expect, test } from '../support/fixtures';

// Organizers: the admin invites one for a federation on /admin, a member redeems the code on
// /organizer and appoints a volunteer of her area; phone numbers there are always masked.
// Everything is plain HTML forms; the accounts are the demo data (password tongxin-demo).

const PASSWORD = 'tongxin-demo';
const ADMIN = '13800000000';
/** 孙美玲, 东湾村: becomes an organizer of the county federation. */
const FUTURE_ORGANIZER = '13800000019';
/** 刘桂兰, 杨柳村 (in the county): appointed a volunteer. */
const APPOINTED = { phone: '13800000011', masked: '138****0011', name: '刘桂兰', village: '杨柳村' };
/** 张秀英: a plain member. */
const PLAIN_MEMBER = '13800000010';

const INVITATION_CREATED = '邀请码（只显示这一次，7天内有效，只能用一次）：';
const NOT_ORGANIZER = '您还不是组织者。如果妇联给了您邀请码，请在这里输入。';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Logs in on /login with a demo account; she lands on /me. */
async function logIn(page: Page, phone: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('手机号', { exact: true }).fill(phone);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
}

/** A second phone, as the suite's pages are (see playwright.config.ts). */
function newPhoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL,
  });
}

/** The admin creates an invitation for the county federation on /admin; returns the code. */
async function adminInvitesOrganizer(page: Page): Promise<string> {
  await logIn(page, ADMIN);
  await page.getByRole('main').getByRole('link', { name: '系统管理' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { level: 1, name: '管理' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '地区和妇联' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '操作记录' })).toBeVisible();

  const federation = page.getByLabel('邀请组织者加入');
  await federation.selectOption({ label: '同心县妇女联合会' });
  await expect(federation.locator('option:checked')).toHaveText('同心县妇女联合会');
  await page.getByRole('button', { name: '生成邀请码' }).click();

  // The code is shown on the page answering the form, never in the address.
  await expect(page).toHaveURL(/\/admin$/);
  const notice = page.getByRole('status').filter({ hasText: INVITATION_CREATED });
  await expect(notice).toBeVisible();
  const strong = notice.locator('strong');
  await expect(strong).toHaveCount(1);
  const code = ((await strong.textContent()) ?? '').trim();
  expect(code, 'the invitation code').toMatch(/^[0-9a-f]{16}$/);
  await expect(notice).toHaveText(new RegExp(`^${escapeRegExp(INVITATION_CREATED)}\\s*${code}$`));
  // Once only: a reload on a shared screen shows it no more.
  await page.reload();
  await expect(page.getByText(code)).toHaveCount(0);

  // The invitation is in the audit log, by the admin.
  const audit = page.getByRole('region', { name: '操作记录' });
  await expect(audit.getByRole('listitem').filter({ hasText: 'invitation_created' }).filter({ hasText: '系统管理员' })).toHaveCount(1);

  await checkPage(page, 'admin');
  return code;
}

test('the admin invites an organizer, who redeems the code and appoints a volunteer', async ({ page, browser, app }) => {
  const code = await test.step('the admin creates an invitation on /admin', () => adminInvitesOrganizer(page));

  const context = await newPhoneContext(browser, app.baseURL);
  try {
    const member = await context.newPage();

    await test.step('a member redeems the code on /organizer', async () => {
      await logIn(member, FUTURE_ORGANIZER);
      await member.goto('/organizer');
      await expect(member.getByRole('heading', { level: 1, name: '组织者工作台' })).toBeVisible();
      await expect(member.getByText(NOT_ORGANIZER)).toBeVisible();
      await expect(member.getByRole('heading', { name: '本辖区的志愿者' })).toHaveCount(0);

      await member.getByLabel('邀请码', { exact: true }).fill(code);
      await member.getByRole('button', { name: '使用邀请码' }).click();

      await expect(member).toHaveURL(/\/organizer$/);
      await expect(member.getByRole('heading', { level: 2, name: '本辖区的志愿者' })).toBeVisible();
      await expect(member.getByText(NOT_ORGANIZER)).toHaveCount(0);
    });

    await test.step('the new organizer appoints a volunteer of her area', async () => {
      const phone = member.getByLabel('把本辖区的会员设为志愿者（手机号）');
      await phone.fill(APPOINTED.phone);
      await member.getByRole('button', { name: '设为志愿者' }).click();

      await expect(member).toHaveURL(/\/organizer\?done=appointed$/);
      await expect(member.getByRole('status').filter({ hasText: '已设为志愿者。' })).toHaveText('已设为志愿者。');

      const volunteers = member.getByRole('region', { name: '本辖区的志愿者' }).getByRole('list');
      const appointed = volunteers.getByRole('listitem').filter({ hasText: APPOINTED.masked });
      await expect(appointed).toHaveCount(1);
      await expect(appointed).toContainText(APPOINTED.name);
      await expect(appointed).toContainText(APPOINTED.village);
      // Her full number is nowhere: not in the list, not in the form, not in the HTML.
      await expect(member.getByText(APPOINTED.phone)).toHaveCount(0);
      await expect(member.getByLabel('把本辖区的会员设为志愿者（手机号）')).toHaveValue('');
      expect(await member.content(), 'the page source').not.toContain(APPOINTED.phone);

      await checkPage(member, 'organizer');
    });
  } finally {
    await context.close();
  }
});

test('a plain member gets 403 and a translated error on /admin', async ({ page }) => {
  await logIn(page, PLAIN_MEMBER);
  // Members see no way to the admin pages.
  await expect(page.getByRole('link', { name: '系统管理' })).toHaveCount(0);

  const response = await page.goto('/admin');
  expect(response?.status(), 'status of /admin for a member').toBe(403);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('您没有权限做这件事。');
  await expect(alert.getByRole('heading', { name: '出了点问题' })).toBeVisible();
  await expect(alert.getByRole('link', { name: '回到首页' })).toHaveAttribute('href', '/');
  // Nothing of the admin page leaks.
  await expect(page.getByRole('heading', { name: '地区和妇联' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '操作记录' })).toHaveCount(0);
  await expect(page.getByLabel('邀请组织者加入')).toHaveCount(0);
  await checkPage(page, 'admin-forbidden');
});
