import type { Page } from '@playwright/test';

import { checkPage, keyScreen, newContextWithoutJavaScript } from '../support/checks';
import { expect, test } from '../support/fixtures';
import { MEMBER_CHEN, ORGANIZER, logIn, newPhoneContext } from '../support/people';

// Asking for help at 360 × 740 in Chinese, with JavaScript off on her phone: choosing
// "personal safety" shows the numbers to call before anything is sent; the request reaches the
// organizer's queue; an internal note stays with the staff and a public one reaches her, in
// plain words.

async function fitsTheScreen(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test('she asks for help: the numbers to call first, then news in plain words, internal notes kept from her', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const options = { baseURL: app.baseURL, viewport: { width: 360, height: 740 }, locale: 'zh-CN' };
  const woman = await (await newContextWithoutJavaScript(browser, options)).newPage();
  const organizer = await (await newPhoneContext(browser, app.baseURL)).newPage();
  await logIn(woman, MEMBER_CHEN.phone);
  await logIn(organizer, ORGANIZER.phone);
  const description = '丈夫喝了酒就打人，我想找人说说。';

  await test.step('choosing personal safety shows the numbers before anything is sent', async () => {
    await woman.goto('/help/new');
    const numbers = woman.locator('.help-form .safety-now');
    await expect(numbers).toBeHidden();
    await woman.getByLabel('人身安全').check();
    await expect(numbers).toBeVisible();
    await expect(numbers.getByRole('link', { name: '110 报警' })).toHaveAttribute('href', 'tel:110');
    await expect(numbers.getByRole('link', { name: '12338 妇女维权热线' })).toHaveAttribute('href', 'tel:12338');
    await fitsTheScreen(woman);
    await keyScreen(woman, 'help-0-safety');
  });

  await test.step('the request is still filed', async () => {
    await woman.locator('#description').fill(description);
    await woman.getByLabel('在同心里回复我').check();
    await woman.getByLabel('很急，请尽快').check();
    await woman.getByRole('button', { name: '发送求助' }).click();
    await expect(woman.locator('main')).toContainText('求助已发送');
    await expect(woman.locator('.safety-now').first()).toBeVisible();
    await checkPage(woman, 'help-filed');
  });

  await test.step('the organizer finds it in her queue and notes progress, one note internal', async () => {
    await organizer.goto('/help/queue');
    const row = organizer.locator('li.help-row').filter({ hasText: MEMBER_CHEN.name }).filter({ hasText: '人身安全' });
    await expect(row.first()).toContainText('急');
    await fitsTheScreen(organizer);
    await checkPage(organizer, 'help-queue');
    await row.first().getByRole('link').click();
    await expect(organizer.locator('main')).toContainText(description);
    await organizer.locator('#state').selectOption('acknowledged');
    await organizer.locator('#note').fill('内部：先联系村妇联主席了解情况。');
    await organizer.getByLabel('内部记录：不给她看').check();
    await organizer.getByRole('button', { name: '保存', exact: true }).click();
    await expect(organizer.locator('main')).toContainText('已保存。');
    await organizer.locator('#state').selectOption('in_progress');
    await organizer.locator('#note').fill('明天上午派人上门看你。');
    await organizer.getByRole('button', { name: '保存', exact: true }).click();
    await expect(organizer.locator('.help-updates')).toContainText('内部记录');
    await checkPage(organizer, 'help-case');
  });

  await test.step('she reads the news in plain words, never the internal note', async () => {
    await woman.goto('/me/help');
    const item = woman.locator('li.help-item').filter({ hasText: description });
    await expect(item.locator('.help-state')).toHaveText('正在处理');
    await expect(item).toContainText('明天上午派人上门看你。');
    await expect(woman.locator('main')).not.toContainText('先联系村妇联主席');
    await fitsTheScreen(woman);
    await keyScreen(woman, 'help-1-news');
  });
});
