import type { Page } from '@playwright/test';

import { checkPage, newContextWithoutJavaScript } from '../support/checks';
import { expect, test } from '../support/fixtures';

// Accounts: register, log out, log in, the errors a form answers with, and the privacy notice.
// The forms are plain HTML forms, so every flow must work the same with JavaScript off.
// The fixture's server runs with TONGXIN_RATE_LIMITS=off, so failed attempts never lock a test out.

const DEMO_MEMBER = { phone: '13800000010', password: 'tongxin-demo', name: '张秀英' };

/** A new mobile number, 139 + 8 random digits, and the same number as people type it. */
function newPhone(): { digits: string; typed: string } {
  const rest = String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0');
  const digits = `139${rest}`;
  return { digits, typed: `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}` };
}

interface Registration {
  phone: string;
  password: string;
  name: string;
  village: string;
}

/** Fills the registration form as she would; does not submit it. */
async function fillRegistration(page: Page, r: Registration): Promise<void> {
  await page.getByLabel('手机号', { exact: true }).fill(r.phone);
  await page.getByLabel('密码', { exact: true }).fill(r.password);
  await page.getByLabel('称呼', { exact: true }).fill(r.name);
  await page.getByLabel('所在的村（社区）').selectOption({ label: r.village });
  await page.getByRole('checkbox', { name: /我已年满14周岁，已阅读并同意隐私说明/ }).check();
}

async function expectLoggedInAs(page: Page, name: string, phoneDigits: string): Promise<void> {
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
  await expect(page.getByText(`${name}，您好`)).toBeVisible();
  // Her own page shows her number in full (everyone else sees 139****5678).
  await expect(page.getByText(phoneDigits, { exact: true })).toBeVisible();
  await expect(page.getByText(`${phoneDigits.slice(0, 3)}****`)).toHaveCount(0);
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
}

/** Register on /register, land on /me, log out, log in again on /login. */
async function registerLogOutLogIn(page: Page): Promise<void> {
  const phone = newPhone();
  const me = { phone: phone.typed, password: 'river-field-42', name: '小芳', village: '东湾村' };

  await page.goto('/register');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '注册' })).toBeVisible();
  // The villages are grouped by township (<optgroup>, which Playwright's role tree flattens).
  const villages = page.getByLabel('所在的村（社区）');
  await expect(villages.locator('optgroup[label="清河镇"]').getByRole('option', { name: '东湾村' })).toHaveCount(1);
  await checkPage(page, 'register');

  await fillRegistration(page, me);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expectLoggedInAs(page, me.name, phone.digits);
  // The profile form shows what she registered with.
  await expect(page.getByLabel('称呼', { exact: true })).toHaveValue(me.name);
  await expect(page.getByLabel('所在的村（社区）').locator('option:checked')).toHaveText(me.village);
  await checkPage(page, 'me');

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: '近期活动' })).toBeVisible();

  // Logged out, "Me" offers the way back in.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('button', { name: '退出登录' })).toHaveCount(0);
  await page.getByRole('main').getByRole('link', { name: '登录', exact: true }).click();

  // The login link brings her back to the page she came from.
  await expect(page).toHaveURL(/\/login\?next=\/me$/);
  await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
  await checkPage(page, 'login');
  await page.getByLabel('手机号', { exact: true }).fill(phone.digits);
  await page.getByLabel('密码', { exact: true }).fill(me.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expectLoggedInAs(page, me.name, phone.digits);
}

test('a new member registers, logs out and logs in again', async ({ page }) => {
  await registerLogOutLogIn(page);
});

test('registering and logging in work without JavaScript', async ({ browser, app }) => {
  const context = await newContextWithoutJavaScript(browser, {
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: app.baseURL,
  });
  try {
    await registerLogOutLogIn(await context.newPage());
  } finally {
    await context.close();
  }
});

test('form errors are shown and keep what she typed', async ({ page }) => {
  const phone = newPhone();
  const me = { phone: phone.typed, password: 'short1', name: '小芳', village: '东湾村' };

  await page.goto('/register');
  await fillRegistration(page, me);
  const password = page.getByLabel('密码', { exact: true });
  await page.getByRole('button', { name: '注册', exact: true }).click();
  // The browser itself refuses a password shorter than 8 (minlength) …
  await expect(page).toHaveURL(/\/register$/);
  expect(await password.evaluate((el: HTMLInputElement) => el.validity.tooShort)).toBe(true);

  // … and so does the server, for browsers that do not check forms.
  await page.locator('form[action="/api/auth/register"]').evaluate((form: HTMLFormElement) => {
    form.noValidate = true;
  });
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page).toHaveURL(/\/register\?error=password_too_short&field=password$/);
  await expect(page.getByRole('alert')).toHaveText('密码至少要8位。');
  await expect(page.getByLabel('手机号', { exact: true })).toHaveValue(phone.typed);
  await expect(page.getByLabel('称呼', { exact: true })).toHaveValue(me.name);
  await expect(page.getByLabel('所在的村（社区）').locator('option:checked')).toHaveText(me.village);
  // The password is never sent back; the field with the problem is marked.
  await expect(password).toHaveValue('');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('手机号', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  await checkPage(page, 'register-error');

  await page.goto('/login');
  await page.getByLabel('手机号', { exact: true }).fill(DEMO_MEMBER.phone);
  await page.getByLabel('密码', { exact: true }).fill('not-her-password');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/login\?error=wrong_credentials/);
  await expect(page.getByRole('alert')).toHaveText('手机号或密码不对。');
  await expect(page.getByLabel('手机号', { exact: true })).toHaveValue(DEMO_MEMBER.phone);
  await expect(page.getByLabel('密码', { exact: true })).toHaveValue('');
  await checkPage(page, 'login-error');
});

test('the demo member can log in', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('手机号', { exact: true }).fill(DEMO_MEMBER.phone);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_MEMBER.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expectLoggedInAs(page, DEMO_MEMBER.name, DEMO_MEMBER.phone);
});

test('the privacy notice is linked from registration and readable', async ({ page }) => {
  await page.goto('/register');
  await page.getByRole('link', { name: '隐私说明' }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole('heading', { level: 1, name: '隐私说明' })).toBeVisible();
  await expect(page.getByText(/^同心由当地妇联运营/)).toBeVisible();
  await expect(page.getByText('版本：2026-12')).toBeVisible();
  await checkPage(page, 'privacy');
});
