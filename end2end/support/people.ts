// The demo people (see backend/src/seed.rs) and what a test needs to act as one of them: her
// own phone (a browser context with her own cookies), logging in, and China-time dates for
// the organizer's datetime-local fields.

import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

/** Every demo account's password. */
export const DEMO_PASSWORD = 'tongxin-demo';

export interface Person {
  phone: string;
  /** Her display name, as rosters and check-in notices show it. */
  name: string;
}

/** 王主任, organizer of 同心县妇女联合会 (the whole county). */
export const ORGANIZER: Person = { phone: '13800000001', name: '王主任' };
/** The first two demo members. */
export const MEMBER_ZHANG: Person = { phone: '13800000010', name: '张秀英' };
export const MEMBER_LIU: Person = { phone: '13800000011', name: '刘桂兰' };
/** Three more demo members (13800000012–14), all in the county, so all see its circles. */
export const MEMBER_CHEN: Person = { phone: '13800000012', name: '陈晓燕' };
export const MEMBER_YANG: Person = { phone: '13800000013', name: '杨春梅' };
export const MEMBER_ZHAO: Person = { phone: '13800000014', name: '赵丽娟' };
/** 李大姐 of 东湾村, the volunteer who moderates the four demo circles. */
export const VOLUNTEER: Person = { phone: '13800000002', name: '李大姐' };

/** A phone of her own, as the suite's pages are (see playwright.config.ts): 360×740, Chinese. */
export function newPhoneContext(browser: Browser, baseURL: string, address?: string): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL,
    // Her own phone on her own network, as the proxy in front of Tongxin would report it.
    extraHTTPHeaders: address ? { 'X-Forwarded-For': address } : undefined,
  });
}

/** Logs in on /login with a demo account; she lands on /me, the organizer on her workbench. */
export async function logIn(page: Page, phone: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('手机号', { exact: true }).fill(phone);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  if (phone === ORGANIZER.phone) {
    await expect(page).toHaveURL(/\/organizer$/);
    await expect(page.getByRole('heading', { level: 1, name: '组织者工作台' })).toBeVisible();
    return;
  }
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * `YYYY-MM-DDTHH:MM` in China time (UTC+8), what a datetime-local field takes: the day
 * `daysAhead` days from today (China's today), at `hour`:`minute`.
 */
export function chinaDateTimeLocal(daysAhead: number, hour: number, minute = 0): string {
  const day = new Date(Date.now() + CHINA_OFFSET_MS + daysAhead * DAY_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${day.getUTCFullYear()}-${two(day.getUTCMonth() + 1)}-${two(day.getUTCDate())}T${two(hour)}:${two(minute)}`;
}

/** `s` as a regular expression matching itself. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
