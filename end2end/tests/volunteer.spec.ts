import type { Page } from '@playwright/test';

import { checkPage, keyScreen } from '../support/checks';
import { expect, test } from '../support/fixtures';
import { MEMBER_CHEN, MEMBER_LIU, MEMBER_ZHANG, ORGANIZER, VOLUNTEER, logIn, newPhoneContext } from '../support/people';

// The volunteer's journey, at 360 × 740 in Chinese: a member reports that someone may be in
// danger (the form starts with no reason chosen) and the organizer hears at once; the volunteer
// finds that post first in her queue, sees the word that held another post and hides it as the
// first choice, mutes its author with a reason the author then reads, hides a post from its
// thread and shows it again from her log, and ends the mute early. Plain HTML forms throughout.

const CIRCLE = '安全与健康';
const DANGER = '有人可能有危险';
const MODERATED = '已保存。';

/** Opens the circle and starts a thread; returns the thread's path and its post's id. */
async function startThread(page: Page, title: string, body: string): Promise<{ threadPath: string; postId: string }> {
  await page.goto('/circles');
  await page.locator('ul.cards').getByRole('link', { name: CIRCLE, exact: true }).click();
  const form = page.locator('form[action="/api/circles/post_thread"]');
  await form.locator('#title').fill(title);
  await form.locator('#body').fill(body);
  await form.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page).toHaveURL(/\/threads\/\d+\?done=(visible|held)$/);
  const threadPath = new URL(page.url()).pathname;
  const postId = ((await page.locator('li.post').first().getAttribute('id')) ?? '').replace(/^post-/, '');
  expect(postId).toMatch(/^\d+$/);
  return { threadPath, postId };
}

test('the volunteer keeps a circle: danger first, the safe choice first, mutes with reasons, and undo', async ({ browser, app }) => {
  const phone = () => newPhoneContext(browser, app.baseURL);
  const contexts = await Promise.all([phone(), phone(), phone(), phone(), phone()]);
  const [liu, chen, zhang, volunteer, organizer] = await Promise.all(contexts.map((c) => c.newPage()));
  try {
    await Promise.all([
      logIn(liu, MEMBER_LIU.phone),
      logIn(chen, MEMBER_CHEN.phone),
      logIn(zhang, MEMBER_ZHANG.phone),
      logIn(volunteer, VOLUNTEER.phone),
      logIn(organizer, ORGANIZER.phone),
    ]);
    const worried = await startThread(liu, '这几天心里很难受', '晚上睡不着，觉得活着没意思。');
    const held = await startThread(zhang, '交个朋友', '想学手艺的可以加微信聊');

    await test.step('a member reports that someone may be in danger; nothing is chosen for her', async () => {
      await chen.goto(worried.threadPath);
      const report = chen.locator(`li.post#post-${worried.postId} details.report`);
      await report.locator('summary').click();
      const reason = report.getByLabel('举报原因', { exact: true });
      await expect(reason).toHaveValue('');
      await expect(report).toContainText('会马上告诉妇联工作人员');
      await reason.selectOption(DANGER);
      await report.getByRole('button', { name: '提交举报', exact: true }).click();
      await expect(chen).toHaveURL(/\?done=reported$/);
      await expect(chen.locator(`li.post#post-${worried.postId}`)).toContainText('你已举报');
      await expect(chen.locator(`li.post#post-${worried.postId} details.report`)).toHaveCount(0);
      await keyScreen(chen, 'volunteer-0-reported');
    });

    await test.step('the organizer hears at once', async () => {
      await organizer.goto('/notifications');
      const notice = organizer.locator('li.notification[data-kind="danger_reported"]');
      await expect(notice).toContainText('这个话题里可能有人有危险');
      await expect(notice.getByRole('link')).toHaveAttribute('href', '/moderation');
      await checkPage(organizer, 'organizer-danger-notice');
    });

    await test.step('the volunteer sees the danger first and the word that held a post', async () => {
      await volunteer.goto('/moderation');
      const items = volunteer.locator('li.queue-item');
      await expect(items.first()).toHaveAttribute('data-post', worried.postId);
      await expect(items.first()).toContainText(`⚠ ${DANGER}`);
      const heldItem = volunteer.locator(`li.queue-item[data-post="${held.postId}"]`);
      await expect(heldItem).toContainText('因含有“加微信”暂未发出');
      // The safe choice is the first, prominent one.
      const buttons = heldItem.locator('.post-actions button');
      await expect(buttons.first()).toHaveText('隐藏（大家看不到）');
      await expect(buttons.nth(1)).toHaveText('通过，发出来（大家都能看到）');
      await keyScreen(volunteer, 'volunteer-1-queue');
    });

    await test.step('she mutes the author with a reason, and hides the post', async () => {
      const heldItem = volunteer.locator(`li.queue-item[data-post="${held.postId}"]`);
      await heldItem.locator('details summary').filter({ hasText: '删除或禁言' }).click();
      await heldItem.getByLabel('原因（会告诉发帖人）', { exact: true }).fill('在圈子里拉人加微信');
      await heldItem.getByLabel('禁言天数', { exact: true }).fill('3');
      await heldItem.getByRole('button', { name: '在本圈禁言', exact: true }).click();
      await expect(volunteer).toHaveURL(/\/moderation\?done=moderated$/);
      await volunteer
        .locator(`li.queue-item[data-post="${held.postId}"] .post-actions`)
        .getByRole('button', { name: '隐藏（大家看不到）', exact: true })
        .click();
      await expect(volunteer.getByRole('status').filter({ hasText: MODERATED })).toHaveText(MODERATED);
      await expect(volunteer.locator(`li.queue-item[data-post="${held.postId}"]`)).toHaveCount(0);
      const mute = volunteer.locator(`li.mute[data-post="${held.postId}"]`);
      await expect(mute).toContainText(`${MEMBER_ZHANG.name}在“${CIRCLE}”被禁言`);
      await expect(mute).toContainText('原因：在圈子里拉人加微信');
      await keyScreen(volunteer, 'volunteer-2-mutes');
    });

    await test.step('the author reads why', async () => {
      await zhang.goto('/notifications');
      const notice = zhang.locator('li.notification[data-kind="muted"]');
      await expect(notice).toContainText('原因：在圈子里拉人加微信');
      await keyScreen(zhang, 'volunteer-3-her-notice');
    });

    await test.step('she hides a post from its thread, then shows it again from her log', async () => {
      const reply = await (async () => {
        await liu.goto(worried.threadPath);
        const form = liu.locator('form[action="/api/circles/reply"]');
        await form.locator('#body').fill('谢谢姐妹们，我好多了。');
        await form.getByRole('button', { name: '回复', exact: true }).click();
        await expect(liu).toHaveURL(/done=visible/);
        return ((await liu.locator('li.post').last().getAttribute('id')) ?? '').replace(/^post-/, '');
      })();
      await volunteer.goto(worried.threadPath);
      const post = volunteer.locator(`li.post#post-${reply}`);
      await post.locator('details.moderate-here summary').click();
      await post.getByRole('button', { name: '隐藏（大家看不到）', exact: true }).click();
      await expect(volunteer).toHaveURL(new RegExp(`${worried.threadPath}\\?done=moderated#post-${reply}$`));
      await expect(volunteer.locator(`li.post#post-${reply}`)).toContainText('已隐藏');

      await volunteer.goto('/moderation');
      const line = volunteer.locator('ul.mod-log li[data-action="hide"]').first();
      await expect(line).toContainText(`${VOLUNTEER.name}隐藏了《这几天心里很难受》里的一条发言`);
      await keyScreen(volunteer, 'volunteer-4-log');
      await line.getByRole('button', { name: '恢复显示', exact: true }).click();
      await expect(volunteer.locator('ul.mod-log li').first()).toHaveAttribute('data-action', 'restore');
      await chen.goto(worried.threadPath);
      await expect(chen.locator(`li.post#post-${reply}`)).toContainText('谢谢姐妹们，我好多了。');
    });

    await test.step('she ends the mute early', async () => {
      await volunteer
        .locator(`li.mute[data-post="${held.postId}"]`)
        .getByRole('button', { name: '解除禁言', exact: true })
        .click();
      await expect(volunteer.locator('li.mute')).toHaveCount(0);
      await expect(volunteer.getByText('现在没有人被禁言。')).toBeVisible();
      await checkPage(volunteer, 'volunteer-mutes-empty');
    });
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

test('the volunteer adds a woman without a smartphone in person, and later gives her a login code', async ({ browser, app }) => {
  test.slow();
  const contexts = await Promise.all([newPhoneContext(browser, app.baseURL), newPhoneContext(browser, app.baseURL)]);
  const [volunteer, woman] = await Promise.all(contexts.map((c) => c.newPage()));
  const name = `王秀兰${Date.now() % 10_000}`;
  const number = `139${String(Date.now() % 100_000_000).padStart(8, '0')}`;
  try {
    await logIn(volunteer, VOLUNTEER.phone);

    await test.step('she adds her in person, with the consent she heard', async () => {
      await volunteer.getByRole('link', { name: '帮姐妹建档、给登录码' }).click();
      await expect(volunteer.getByRole('heading', { level: 1, name: '帮姐妹建档' })).toBeVisible();
      await volunteer.getByLabel('称呼', { exact: true }).fill(name);
      await volunteer.getByLabel('她的手机号（老人机也可以；没有可以不填）').fill(number);
      await volunteer.getByLabel('所在的村（社区）').selectOption({ label: '东湾村' });
      await volunteer.getByRole('checkbox', { name: /已当面听我讲过隐私说明/ }).check();
      await keyScreen(volunteer, 'volunteer-5-add-woman');
      await volunteer.getByRole('button', { name: '建档', exact: true }).click();
      await expect(volunteer.getByText('已建档。现在可以帮她报名活动')).toBeVisible();
      await expect(volunteer.locator('ul.records li', { hasText: name })).toContainText('还没有自己登录，有事请打电话');
    });

    const code = await test.step('she gives her a login code, shown only once', async () => {
      await volunteer.locator('ul.records li', { hasText: name }).getByRole('button', { name: '给她登录码' }).click();
      const given = volunteer.locator('.given-code');
      await expect(given.getByRole('heading')).toHaveText(`给${name}的登录码`);
      const code = ((await given.locator('.code').textContent()) ?? '').trim();
      expect(code).toMatch(/^\d{8}$/);
      expect(volunteer.url()).not.toContain(code);
      await volunteer.reload();
      await expect(volunteer.locator('.given-code')).toHaveCount(0);
      return code;
    });

    await test.step('the woman sets her password with it and is logged in', async () => {
      await woman.goto('/login');
      await woman.getByRole('link', { name: '有登录码？用它设置密码' }).click();
      await expect(woman.getByRole('heading', { level: 1, name: '用登录码设置密码' })).toBeVisible();
      await woman.getByLabel('手机号', { exact: true }).fill(number);
      await woman.getByLabel('登录码', { exact: true }).fill(code);
      await woman.getByLabel('新密码', { exact: true }).fill('wo-de-mi-ma-2026');
      await checkPage(woman, 'claim');
      await woman.getByRole('button', { name: '设置密码并登录' }).click();
      await expect(woman).toHaveURL(/\/me\?done=claimed$/);
      await expect(woman.getByText('密码设好了，你已经登录。')).toBeVisible();
      await volunteer.reload();
      await expect(volunteer.locator('ul.records li', { hasText: name })).toContainText('已经自己登录过');
    });
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});
