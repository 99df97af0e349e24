import type { Page } from '@playwright/test';

import { checkPage, keyScreen, newContextWithoutJavaScript } from '../support/checks';
import { expect, test } from '../support/fixtures';
import { MEMBER_ZHANG, ORGANIZER, VOLUNTEER, logIn, newPhoneContext } from '../support/people';

// The care ledger at 360 × 740 in Chinese, with JavaScript off as on a phone that blocks
// scripts: the keeper of 东湾村 records a woman on her doorstep (refused without consent, what
// she typed kept), opens a sensitive part with a reason, records a visit; the woman sees her
// record and who looked, by role only, and asks for a correction; the organizer answers it.

async function fitsTheScreen(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test('the care ledger: a doorstep record with her consent, a reason to look, and hers to see', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const options = { baseURL: app.baseURL, viewport: { width: 360, height: 740 }, locale: 'zh-CN' };
  const keeperContext = await newContextWithoutJavaScript(browser, options);
  const keeper = await keeperContext.newPage();
  const woman = await (await newPhoneContext(browser, app.baseURL)).newPage();
  const organizer = await (await newPhoneContext(browser, app.baseURL)).newPage();
  await logIn(keeper, VOLUNTEER.phone);
  await logIn(woman, MEMBER_ZHANG.phone);
  await logIn(organizer, ORGANIZER.phone);

  await test.step('the keeper sees her village, the overdue visit first', async () => {
    await keeper.goto('/ledger');
    const first = keeper.locator('ul.ledger-list li').first();
    await expect(first).toContainText('李桂芝');
    await expect(first).toContainText('走访已逾期');
    await expect(keeper.locator('ul.ledger-list')).not.toContainText('刘桂兰');
    await fitsTheScreen(keeper);
    await keyScreen(keeper, 'ledger-0-list');
  });

  await test.step('without her consent nothing is saved, and nothing typed is lost', async () => {
    await keeper.goto('/ledger/new');
    await expect(keeper.locator('#village_id')).toHaveValue(/\d+/);
    await keeper.locator('#ledger-name').fill('王小花');
    await keeper.getByLabel('想找工作或参加培训').check();
    await keeper.locator('#skills').fill('养蚕');
    await fitsTheScreen(keeper);
    await checkPage(keeper, 'ledger-new');
    // The radio is required in the browser; an oral consent without its witness reaches the server.
    await keeper.getByLabel('口头同意（要有见证人）').check();
    await keeper.getByRole('button', { name: '保存记录' }).click();
    await expect(keeper).toHaveURL(/error=consent_required/);
    await expect(keeper.locator('#ledger-name')).toHaveValue('王小花');
    await expect(keeper.locator('#skills')).toHaveValue('养蚕');
    await expect(keeper.getByLabel('想找工作或参加培训')).toBeChecked();
    await keeper.getByLabel('口头同意（要有见证人）').check();
    await keeper.locator('#witness').fill('赵红');
    await keeper.getByRole('button', { name: '保存记录' }).click();
    await expect(keeper).toHaveURL(/\/ledger\/\d+\?done=saved$/);
    await expect(keeper.locator('.ledger-record')).toContainText('王小花');
    await expect(keeper.locator('.ledger-record')).toContainText('养蚕');
    await keyScreen(keeper, 'ledger-1-saved');
  });

  await test.step('a sensitive part opens only with a reason, and the visit is recorded', async () => {
    await keeper.goto('/ledger');
    await keeper.locator('ul.ledger-list').getByRole('link', { name: MEMBER_ZHANG.name }).click();
    const record = keeper.locator('.ledger-record');
    await expect(record).toContainText('（敏感，已隐藏）');
    await expect(record).not.toContainText('婆婆');
    await keeper.getByLabel('备注').check();
    await keeper.getByLabel('原因（必填）').fill('走访前核对');
    await keeper.getByRole('button', { name: '打开' }).click();
    await expect(record).toContainText('婆婆');
    await fitsTheScreen(keeper);
    await checkPage(keeper, 'ledger-record-opened');
    await keeper.locator('#found').fill('身体好些了，想参加下月的培训。');
    await keeper.getByRole('button', { name: '保存走访' }).click();
    await expect(keeper).toHaveURL(/\?done=visit#visits$/);
    await expect(keeper.locator('#visits')).toContainText('身体好些了');
  });

  await test.step('she sees her record and who looked, by role only, and asks for a correction', async () => {
    await woman.goto('/me');
    await woman.getByRole('link', { name: '关爱台账里我的记录' }).click();
    await expect(woman).toHaveURL(/\/me\/ledger$/);
    await expect(woman.locator('main')).toContainText('重病');
    const looked = woman.locator('#access-heading + ul, section[aria-labelledby="access-heading"] ul');
    await expect(looked.first()).toContainText('志愿者');
    await expect(looked.first()).toContainText('打开了：备注');
    await expect(woman.locator('main')).not.toContainText(VOLUNTEER.name + ' ·');
    await fitsTheScreen(woman);
    await woman.locator('#ask-body').fill('家里没有要照顾的老人了。');
    await woman.getByRole('button', { name: '要求改正' }).click();
    await expect(woman).toHaveURL(/done=asked/);
    await keyScreen(woman, 'ledger-2-hers');
  });

  await test.step('the organizer answers from the record', async () => {
    await organizer.goto('/notifications');
    await organizer.locator('li.notification[data-kind="ledger_request_received"]').first().getByRole('link').click();
    await expect(organizer).toHaveURL(/\/ledger$/);
    await organizer.locator('ul.ledger-list').getByRole('link', { name: MEMBER_ZHANG.name }).click();
    const waiting = organizer.locator('#requests li').filter({ hasText: '家里没有要照顾的老人了' });
    await waiting.getByLabel('给她的答复（她会看到）').fill('已改正，谢谢您。');
    await waiting.getByRole('button', { name: '同意并办理' }).click();
    await expect(organizer).toHaveURL(/done=answered/);
    await checkPage(organizer, 'ledger-answered');
    await woman.goto('/me/ledger');
    await expect(woman.locator('main')).toContainText('已办理：已改正，谢谢您。');
  });
});

test('a doorstep form keeps what she typed when the network drops', async ({ browser, app }) => {
  const context = await newPhoneContext(browser, app.baseURL);
  const keeper = await context.newPage();
  await logIn(keeper, VOLUNTEER.phone);
  await keeper.goto('/ledger');
  await keeper.locator('ul.ledger-list').getByRole('link', { name: '李桂芝' }).click();
  const recordPath = new URL(keeper.url()).pathname;
  // The islands are awake before she types.
  await keeper.waitForLoadState('networkidle');
  await keeper.locator('#found').fill('腿疼加重了，想申请残疾人补贴。');
  await keeper.locator('#agreed').fill('下周带她去镇上办。');
  await context.setOffline(true);
  await keeper.getByRole('button', { name: '保存走访' }).click().catch(() => {});
  await keeper.waitForTimeout(1000);
  await context.setOffline(false);
  await keeper.goto(recordPath);
  await expect(keeper.locator('#found')).toHaveValue('腿疼加重了，想申请残疾人补贴。');
  await expect(keeper.locator('#agreed')).toHaveValue('下周带她去镇上办。');
  // Sent now, the draft is dropped: the page after the answer starts empty.
  await keeper.getByRole('button', { name: '保存走访' }).click();
  await expect(keeper).toHaveURL(/\?done=visit#visits$/);
  await expect(keeper.locator('#visits')).toContainText('腿疼加重了');
  await keeper.goto(recordPath);
  await expect(keeper.locator('#found')).toHaveValue('');
});
