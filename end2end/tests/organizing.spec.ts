import type { Page } from '@playwright/test';

import { checkPage, keyScreen } from '../support/checks';
import { expect, test } from '../support/fixtures';
import { MEMBER_LIU, MEMBER_ZHANG, ORGANIZER, chinaDateTimeLocal, escapeRegExp, logIn, newPhoneContext } from '../support/people';

// Organizing an activity, end to end on 360-px phones: the organizer publishes an activity
// with one seat; two members sign up for it, one gets the seat and the other is waitlisted;
// the first cancels, the second is promoted and told so; the organizer checks her in by code.
// Three people, three browser contexts, each with her own cookies. All plain HTML forms.

const SIGNED_UP = '报名成功，请按时参加。';
const WAITLISTED_FIRST = /^名额已满，您在候补名单第 1 位/;
const PROMOTED = '有人取消了，你已从候补转为正式报名：';
const DATES_INVALID = '请检查时间：结束要晚于开始，开始要在将来，报名截止和取消截止要早于开始。';

interface NewActivity {
  title: string;
  category: string;
  venue: string;
  startsAt: string;
  endsAt: string;
  capacity: string;
  description: string;
}

/** A weaving class ten days from now, 14:00–16:00 China time, with `capacity` seats. */
function weavingClass(capacity: number): NewActivity {
  return {
    title: `编织培训 ${Date.now()}`,
    category: 'skills_training',
    venue: '村委会二楼活动室',
    startsAt: chinaDateTimeLocal(10, 14),
    endsAt: chinaDateTimeLocal(10, 16),
    capacity: String(capacity),
    description: '学习钩针编织，毛线和钩针由妇联提供。',
  };
}

/** From /organizer to the new-activity form; checks the page. */
async function openNewActivityForm(page: Page): Promise<void> {
  await page.goto('/organizer');
  await expect(page.getByRole('heading', { level: 1, name: '组织者工作台' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: '发布新活动' }).click();
  await expect(page).toHaveURL(/\/organizer\/activities\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: '发布新活动' })).toBeVisible();
  // The rarely used settings stay folded away on a new activity.
  await expect(page.locator('details.more-options')).not.toHaveAttribute('open');
}

/** Fills the form's main fields (leaving 更多设置 and the place as they are); does not submit. */
async function fillActivity(page: Page, a: NewActivity): Promise<void> {
  await page.getByLabel('活动名称', { exact: true }).fill(a.title);
  await page.getByLabel('类别', { exact: true }).selectOption(a.category);
  await page.getByLabel('活动地点', { exact: true }).fill(a.venue);
  await page.getByLabel('开始时间', { exact: true }).fill(a.startsAt);
  await page.getByLabel('结束时间', { exact: true }).fill(a.endsAt);
  await page.getByLabel('名额', { exact: true }).fill(a.capacity);
  await page.getByLabel('活动介绍', { exact: true }).fill(a.description);
}

function submitActivity(page: Page): Promise<void> {
  return page.locator('form[action="/api/activities/create"]').getByRole('button', { name: '发布', exact: true }).click();
}

/** On the activity page she is on: she taps 我要报名 (排队候补 when it is full) and lands back on the page. */
async function signUp(page: Page, activityPath: string): Promise<void> {
  const form = page.locator('form[action="/api/activities/signup"]');
  await form.getByRole('button', { name: /^(我要报名|排队候补)$/ }).click();
  // The server sends her back to the page, saying it is done; the form giving way to her
  // status shows the new page is there.
  await expect(form).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`${escapeRegExp(activityPath)}\\?done=signed_up#signup$`));
}

test('an organizer publishes an activity, the waitlist moves up and she checks the promoted member in', async ({ browser, app }) => {
  // Three people and four axe checks: more than the default 30 s.
  test.slow();
  const activity = weavingClass(1);

  // The organizer, 张秀英 (who gets the seat first) and 刘桂兰 (who waits), each on her own phone.
  const phones = await Promise.all([0, 1, 2].map(() => newPhoneContext(browser, app.baseURL)));
  try {
    const [org, a, b] = await Promise.all(phones.map((c) => c.newPage()));
    await logIn(org, ORGANIZER.phone);
    await logIn(a, MEMBER_ZHANG.phone);
    await logIn(b, MEMBER_LIU.phone);

    const { rosterPath, activityPath } = await test.step('the organizer publishes an activity with one seat', async () => {
      await openNewActivityForm(org);
      await checkPage(org, 'new-activity');
      await fillActivity(org, activity);
      await submitActivity(org);

      await expect(org).toHaveURL(/\/organizer\/activities\/\d+\?done=created$/);
      const id = /\/organizer\/activities\/(\d+)\?/.exec(org.url())?.[1] ?? '';
      expect(id, 'the new activity id').toMatch(/^\d+$/);
      await expect(org.getByRole('heading', { level: 1, name: activity.title })).toBeVisible();
      await expect(org.getByRole('status').filter({ hasText: '活动已保存。' })).toHaveText('活动已保存。');
      await expect(org.getByRole('link', { name: '查看活动页面' })).toHaveAttribute('href', `/activities/${id}`);
      // Nobody has signed up yet.
      await expect(org.locator('li.roster-line')).toHaveCount(0);
      return { rosterPath: `/organizer/activities/${id}`, activityPath: `/activities/${id}` };
    });

    await test.step('the first member takes the last seat', async () => {
      await a.goto(activityPath);
      await signUp(a, activityPath);
      await expect(a.getByRole('heading', { level: 1, name: activity.title })).toBeVisible();
      await expect(a.locator('#signup-status')).toHaveText(SIGNED_UP);
      await expect(a.locator('strong.code')).toHaveText(/^\d{6}$/);
    });

    await test.step('the second member is waitlisted, first in line', async () => {
      await b.goto(activityPath);
      // The page says it is full but she may queue.
      await expect(b.locator('dl.facts')).toContainText('已满，可排队');
      await signUp(b, activityPath);
      await expect(b.locator('#signup-status')).toHaveText(WAITLISTED_FIRST);
      // No check-in code while she waits.
      await expect(b.locator('strong.code')).toHaveCount(0);
    });

    await test.step('the first member cancels', async () => {
      await a.goto(activityPath);
      // She is asked once before her seat goes to the queue.
      await a.getByRole('link', { name: '取消报名', exact: true }).click();
      await expect(a.getByRole('heading', { level: 1, name: '确定不去了吗？' })).toBeVisible();
      await a.locator('form[action="/api/activities/cancel_signup"]').getByRole('button', { name: '确定不去了', exact: true }).click();
      await expect(a).toHaveURL(new RegExp(`${escapeRegExp(activityPath)}\\?done=cancelled#signup$`));
      await expect(a.getByText('已取消报名。')).toBeVisible();
      // Her seat went to the woman waiting, so the activity is full again: she may queue.
      await expect(a.locator('form[action="/api/activities/signup"]').getByRole('button', { name: '排队候补', exact: true })).toBeVisible();
      await expect(a.locator('#signup-status')).toHaveCount(0);
    });

    const code = await test.step('the second member is promoted and told so', async () => {
      await b.reload();
      await expect(b.locator('#signup-status')).toHaveText(SIGNED_UP);
      await expect(b.locator('strong.code')).toHaveText(/^\d{6}$/);
      const codeOnActivity = ((await b.locator('strong.code').textContent()) ?? '').trim();

      // The bell counts what she has not read: the waitlist notice and the promotion.
      const bell = b.getByRole('banner').locator('a.bell');
      await expect(bell).toHaveAttribute('href', '/notifications');
      await expect(bell).toHaveAttribute('aria-label', '消息（2 条未读）');
      await expect(bell.locator('.bell-count')).toHaveText('2');
      await bell.click();

      await expect(b).toHaveURL(/\/notifications$/);
      await expect(b.getByRole('heading', { level: 1, name: '消息', exact: true })).toBeVisible();
      const items = b.locator('li.notification');
      // Newest first.
      await expect(items.first()).toHaveAttribute('data-kind', 'promoted');
      const promoted = items.filter({ hasText: PROMOTED });
      await expect(promoted).toHaveCount(1);
      await expect(promoted).toHaveAttribute('data-kind', 'promoted');
      await expect(promoted).toHaveClass(/\bunread\b/);
      await expect(promoted.getByRole('link', { name: activity.title })).toHaveAttribute('href', activityPath);
      await expect(b.locator('li.notification[data-kind="signup_waitlisted"]')).toHaveCount(1);
      await checkPage(b, 'notifications');
      // Opening the centre changes nothing (a GET never does); the button marks them read.
      await expect(b.getByRole('banner').locator('a.bell .bell-count')).toHaveText('2');
      await b.getByRole('button', { name: '全部标为已读' }).click();
      await expect(b).toHaveURL(/\/notifications$/);
      await expect(b.locator('li.notification.unread')).toHaveCount(0);

      // Her sign-ups, with the code and its QR code to show at the door.
      await b.goto('/me/activities');
      await expect(b.getByRole('heading', { level: 1, name: '我报名的活动' })).toBeVisible();
      await expect(b.getByRole('banner').locator('a.bell .bell-count')).toHaveCount(0);
      const mine = b.locator('li.my-signup').filter({ has: b.getByRole('link', { name: activity.title }) });
      await expect(mine).toHaveCount(1);
      await expect(mine).toContainText(SIGNED_UP);
      await expect(mine.locator('strong.code')).toHaveText(/^\d{6}$/);
      const code = ((await mine.locator('strong.code').textContent()) ?? '').trim();
      expect(code, 'the code on /me/activities and on the activity page').toBe(codeOnActivity);
      await expect(mine.locator('.qr-box svg')).toBeVisible();
      await checkPage(b, 'my-activities');
      return code;
    });

    await test.step('the organizer checks her in by code', async () => {
      await org.goto(rosterPath);
      await expect(org.getByRole('heading', { level: 1, name: activity.title })).toBeVisible();
      // Only the promoted member holds a place; the one who cancelled is gone from the list.
      const lines = org.locator('li.roster-line');
      await expect(lines).toHaveCount(1);
      const line = lines.filter({ hasText: MEMBER_LIU.name });
      await expect(line).toHaveCount(1);
      await expect(line).not.toHaveClass(/\bchecked\b/);
      await expect(org.locator('li.roster-line').filter({ hasText: MEMBER_ZHANG.name })).toHaveCount(0);

      const checkIn = org.locator('form[action="/api/roster/check_in"]');
      await checkIn.getByLabel('签到码', { exact: true }).fill(code);
      await checkIn.getByRole('button', { name: '签到', exact: true }).click();

      await expect(org).toHaveURL(new RegExp(`${escapeRegExp(rosterPath)}\\?`));
      await expect(org.locator('#checkin-result')).toHaveText(`${MEMBER_LIU.name} 已签到。`);
      await expect(line).toHaveClass(/\bchecked\b/);
      await expect(line.locator('.badge')).toHaveText('已签到');
      // The tick button has become its undo.
      await expect(line.getByRole('button', { name: '撤销签到' })).toBeVisible();
      await checkPage(org, 'roster');
    });

    await test.step('her own page shows she is checked in', async () => {
      await b.goto('/me/activities');
      const mine = b.locator('li.my-signup').filter({ has: b.getByRole('link', { name: activity.title }) });
      await expect(mine.locator('.badge')).toHaveText('已签到');
    });
  } finally {
    await Promise.all(phones.map((c) => c.close()));
  }
});

test('an activity whose end is before its start is refused and keeps what she typed', async ({ browser, app }) => {
  const context = await newPhoneContext(browser, app.baseURL);
  try {
    const page = await context.newPage();
    await logIn(page, ORGANIZER.phone);
    await openNewActivityForm(page);

    const activity = { ...weavingClass(20), endsAt: chinaDateTimeLocal(10, 12) };
    await fillActivity(page, activity);
    await submitActivity(page);

    await expect(page).toHaveURL(/\/organizer\/activities\/new\?error=dates_invalid&field=ends_at$/);
    await expect(page.getByRole('alert')).toHaveText(DATES_INVALID);
    // Nothing she typed is lost.
    await expect(page.getByLabel('活动名称', { exact: true })).toHaveValue(activity.title);
    await expect(page.getByLabel('类别', { exact: true })).toHaveValue(activity.category);
    await expect(page.getByLabel('活动地点', { exact: true })).toHaveValue(activity.venue);
    await expect(page.getByLabel('开始时间', { exact: true })).toHaveValue(activity.startsAt);
    await expect(page.getByLabel('结束时间', { exact: true })).toHaveValue(activity.endsAt);
    await expect(page.getByLabel('名额', { exact: true })).toHaveValue(activity.capacity);
    await expect(page.getByLabel('活动介绍', { exact: true })).toHaveValue(activity.description);
    // The field with the problem is marked, and only that one.
    await expect(page.getByLabel('结束时间', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('开始时间', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('活动名称', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
    await checkPage(page, 'new-activity-error');

    // No activity was made.
    await page.goto('/organizer');
    await expect(page.getByRole('link', { name: activity.title })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('the organizer: what needs her comes first, she approves, and cancelling asks once', async ({ browser, app }) => {
  test.slow();
  const activity = { ...weavingClass(5), title: `手工编织（需审核）${Date.now()}` };
  const phones = await Promise.all([0, 1].map(() => newPhoneContext(browser, app.baseURL)));
  try {
    const [org, member] = await Promise.all(phones.map((c) => c.newPage()));
    await logIn(org, ORGANIZER.phone);
    await logIn(member, MEMBER_ZHANG.phone);

    const { rosterPath, activityPath } = await test.step('after login her workbench says what needs her; she posts an activity needing approval', async () => {
      await expect(org.getByRole('heading', { name: '需要您处理' })).toBeVisible();
      await openNewActivityForm(org);
      await fillActivity(org, activity);
      await org.locator('details.more-options summary').click();
      await org.getByRole('checkbox', { name: '报名需要审核' }).check();
      await submitActivity(org);
      await expect(org).toHaveURL(/\/organizer\/activities\/\d+\?done=created$/);
      const id = /\/organizer\/activities\/(\d+)\?/.exec(org.url())?.[1] ?? '';
      return { rosterPath: `/organizer/activities/${id}`, activityPath: `/activities/${id}` };
    });

    await test.step('a member sees it needs approval before she taps, and asks', async () => {
      await member.goto(activityPath);
      await expect(member.locator('ul.rules')).toContainText('需要妇联确认');
      await signUp(member, activityPath);
      await expect(member.locator('#signup-status')).toHaveText('已提交，等待组织者确认。');
    });

    await test.step('the organizer is told, and finds it first on her workbench', async () => {
      await org.goto('/notifications');
      const row = org.locator('li.notification[data-kind="signup_awaits_approval"] a.notification-row');
      await expect(row).toContainText(activity.title);
      await org.goto('/organizer');
      const attention = org.locator('section.attention');
      await expect(attention.getByRole('link', { name: new RegExp(escapeRegExp(activity.title)) })).toContainText('待审核 1 人');
      await keyScreen(org, 'organizer-1-workbench');
      await attention.getByRole('link', { name: new RegExp(escapeRegExp(activity.title)) }).click();
      await expect(org).toHaveURL(new RegExp(`${escapeRegExp(rosterPath)}$`));
      await org.locator('li.roster-line').getByRole('button', { name: '通过', exact: true }).click();
      await expect(org.locator('li.roster-line')).toContainText(MEMBER_ZHANG.name);
      await keyScreen(org, 'organizer-2-roster');
    });

    await test.step('taking her off asks why, she reads the reason, and it can be undone', async () => {
      const fold = org.locator('li.roster-line', { hasText: MEMBER_ZHANG.name }).locator('details.confirm');
      await expect(fold.getByRole('button', { name: '确定移出' })).toBeHidden();
      await fold.locator('summary').click();
      await expect(fold).toContainText('10 分钟内可以撤销');
      await fold.getByLabel('移出的原因（她会看到）').selectOption('duplicate');
      await keyScreen(org, 'organizer-3-remove-question');
      await fold.getByRole('button', { name: '确定移出' }).click();
      await expect(org.getByText('已移出，她会收到通知和原因')).toBeVisible();

      await member.goto('/notifications');
      await expect(member.locator('li.notification[data-kind="removed"]')).toContainText('原因：重复报名，或报错了人');

      const removed = org.locator('#removed');
      await expect(removed).toContainText(MEMBER_ZHANG.name);
      await removed.getByRole('button', { name: '撤销移出' }).click();
      await expect(org.getByText('已撤销：她的名额还给她了')).toBeVisible();
      await expect(org.locator('#removed')).toHaveCount(0);
      await expect(org.locator('section[aria-labelledby="confirmed-heading"] li.roster-line')).toContainText(MEMBER_ZHANG.name);
      await member.goto('/notifications');
      await expect(member.locator('li.notification[data-kind="reinstated"]')).toContainText(activity.title);
    });

    await test.step('cancelling the activity asks once, saying who will be told', async () => {
      const fold = org.locator('details.confirm', { hasText: '取消这个活动' });
      await expect(fold.getByRole('button', { name: '确定取消活动' })).toBeHidden();
      await fold.locator('summary').click();
      await expect(fold).toContainText('已报名和排队的1人都会收到通知');
      await keyScreen(org, 'organizer-4-cancel-question');
      await fold.getByRole('button', { name: '确定取消活动' }).click();
      await expect(org.getByText('活动已取消，已通知报名的人。')).toBeVisible();
    });
  } finally {
    await Promise.all(phones.map((c) => c.close()));
  }
});

test('a series is one thing: a change for this date and the later ones, then cancelling them all', async ({ browser, app }) => {
  test.slow();
  const context = await newPhoneContext(browser, app.baseURL);
  try {
    const org = await context.newPage();
    await logIn(org, ORGANIZER.phone);
    const series = { ...weavingClass(10), title: `每周编织课 ${Date.now()}` };
    await openNewActivityForm(org);
    await fillActivity(org, series);
    await org.locator('details.more-options summary').click();
    await org.getByLabel('重复', { exact: true }).selectOption('weekly');
    await org.getByLabel('一共几次', { exact: true }).fill('3');
    await submitActivity(org);
    await expect(org).toHaveURL(/\/organizer\/activities\/\d+\?done=created$/);
    const rosterPath = new URL(org.url()).pathname;
    const listed = () => org.goto(`/organizer?q=${encodeURIComponent(series.title)}`).then(() => org.locator('ul.managed li', { hasText: series.title }));

    await test.step('the edit form asks which dates, this one only until she chooses', async () => {
      await org.getByRole('link', { name: '修改', exact: true }).click();
      const scope = org.getByRole('group', { name: '这是系列活动中的一次。改动用在：' });
      await expect(scope.getByLabel('只是这一次')).toBeChecked();
      await org.getByLabel('活动地点', { exact: true }).fill('文化礼堂');
      await scope.getByLabel('这一次和以后的 2 次').check();
      await keyScreen(org, 'organizer-5-series-scope');
      await org.getByRole('button', { name: '保存', exact: true }).click();
      await expect(org.getByText('已保存。')).toBeVisible();
      const rows = await listed();
      await expect(rows).toHaveCount(3);
      const hrefs = await rows.getByRole('link').evaluateAll((links) => links.map((l) => l.getAttribute('href') ?? ''));
      expect(hrefs).toHaveLength(3);
      for (const href of hrefs) {
        await org.goto(href.replace('/organizer', ''));
        await expect(org.locator('main')).toContainText('文化礼堂');
      }
    });

    await test.step('cancelling from the roster can take every date still to come', async () => {
      await org.goto(rosterPath);
      const fold = org.locator('details.confirm', { hasText: '取消这个活动' });
      await fold.locator('summary').click();
      await fold.getByLabel('系列里还没结束的全部 3 次').check();
      await fold.getByRole('button', { name: '确定取消活动' }).click();
      await expect(org.getByText('活动已取消，已通知报名的人。')).toBeVisible();
      await expect(await listed()).toHaveText(Array(3).fill(/已取消/));
    });
  } finally {
    await context.close();
  }
});
