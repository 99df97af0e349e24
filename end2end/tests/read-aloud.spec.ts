import type { Page } from '@playwright/test';

import { checkPage, hasClickHandler } from '../support/checks';
import { expect, test } from '../support/fixtures';
import { wasmFiles } from '../support/paths';
import { logIn, MEMBER_ZHANG } from '../support/people';

// Read-aloud for women who read with difficulty: the button appears once the page is awake in
// a browser that can speak, reads the activity (or a thread's opening post) in the page's
// language, and stops when pressed again; where the browser cannot speak (WeChat's often
// cannot) there is no button. The browser's speech is observed, not heard: an init script
// records what the page asks of `speechSynthesis`.

type Call = [string, string?, string?];

/** Records `speak` and `cancel` on the browser's speech synthesis instead of speaking. */
async function listenToSpeech(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const calls: Call[] = [];
    (window as unknown as { __speech: Call[] }).__speech = calls;
    const proto = (window as unknown as { SpeechSynthesis?: { prototype: SpeechSynthesis } }).SpeechSynthesis?.prototype;
    if (proto) {
      proto.speak = function (u: SpeechSynthesisUtterance) {
        calls.push(['speak', u.text, u.lang]);
      };
      proto.cancel = function () {
        calls.push(['cancel']);
      };
    }
  });
}

function calls(page: Page): Promise<Call[]> {
  return page.evaluate(() => (window as unknown as { __speech: Call[] }).__speech);
}

async function pressAndStop(page: Page, expected: string): Promise<void> {
  const button = page.getByRole('button', { name: '朗读' });
  await expect(button, 'the button shows once the page is awake').toBeVisible({ timeout: 15_000 });
  await button.click();
  await expect.poll(async () => (await calls(page)).filter((c) => c[0] === 'speak')).toHaveLength(1);
  const [, text, lang] = (await calls(page)).find((c) => c[0] === 'speak')!;
  expect(text).toContain(expected);
  expect(lang).toBe('zh-CN');
  const stop = page.getByRole('button', { name: '停止朗读' });
  await expect(stop).toHaveAttribute('aria-pressed', 'true');
  const before = (await calls(page)).length;
  await stop.click();
  await expect(page.getByRole('button', { name: '朗读' })).toHaveAttribute('aria-pressed', 'false');
  expect((await calls(page)).slice(before)).toContainEqual(['cancel']);
}

test('an activity is read aloud where the browser can speak, and stops', async ({ page }) => {
  test.skip(wasmFiles().length === 0, 'read-aloud needs the built wasm');
  await listenToSpeech(page);
  await page.goto('/');
  const first = page.locator('li.card .card-title a').first();
  const title = ((await first.textContent()) ?? '').trim();
  await first.click();
  await expect(page).toHaveURL(/\/activities\/\d+$/);
  await pressAndStop(page, title);
  await checkPage(page, 'activity-read-aloud');
});

test('a thread’s opening post is read aloud', async ({ page }) => {
  test.skip(wasmFiles().length === 0, 'read-aloud needs the built wasm');
  await listenToSpeech(page);
  await logIn(page, MEMBER_ZHANG.phone);
  await page.goto('/threads/1');
  const title = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
  await pressAndStop(page, title);
});

test('where the browser cannot speak there is no read-aloud button', async ({ page }) => {
  test.skip(wasmFiles().length === 0, 'read-aloud needs the built wasm');
  await page.addInitScript(() => {
    Object.defineProperty(window, 'speechSynthesis', { get: () => undefined, configurable: true });
  });
  await page.goto('/activities/1');
  // The island is awake (its button has its handler) but keeps the button hidden.
  await expect.poll(() => hasClickHandler(page, 'button.read-aloud'), { timeout: 15_000 }).toBe(true);
  await expect(page.locator('button.read-aloud')).toBeHidden();
});

test('lines she typed stay lines', async ({ page }) => {
  await logIn(page, MEMBER_ZHANG.phone);
  await page.goto('/threads/1');
  const body = page.locator('li.post .post-body').first();
  await expect(body).toHaveCSS('white-space', 'pre-line');
  // The demo's opening post of thread 1 is a numbered list typed on separate lines.
  const lines = await body.evaluate((el) => (el as HTMLElement).innerText.split('\n').filter((l) => l.trim()).length);
  expect(lines).toBeGreaterThan(1);
});
