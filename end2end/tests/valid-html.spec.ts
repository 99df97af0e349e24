import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { APIRequestContext } from '@playwright/test';

import { expect, test } from '../support/fixtures';
import { E2E_DIR } from '../support/paths';
import { logIn, MEMBER_ZHANG, ORGANIZER } from '../support/people';

// Every main page is valid HTML for the Nu HTML checker (vnu.jar from npm's `vnu-jar`, run
// with Debian's Java), as the server sends it. Leptos's `<!>` hydration markers are the one
// thing allowed: every browser parses them as empty comments. The two framework defects the
// server repairs (server/src/middleware/markup.rs) would fail here without the repair.

const VNU = path.join(E2E_DIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

interface VnuMessage {
  type: string;
  subType?: string;
  message: string;
  extract?: string;
  lastLine?: number;
}

/** The checker's errors and warnings about each file, by file. */
function check(files: Map<string, string>): Map<string, VnuMessage[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-html-'));
  const byPath = new Map<string, string>();
  for (const [name, html] of files) {
    const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '_') || 'home'}.html`);
    fs.writeFileSync(file, html);
    byPath.set(file, name);
  }
  let out = '';
  try {
    out = execFileSync('java', ['-jar', VNU, '--format', 'json', '--stdout', '--exit-zero-always', ...byPath.keys()], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const report = JSON.parse(out) as { messages: (VnuMessage & { url: string })[] };
  const found = new Map<string, VnuMessage[]>();
  for (const m of report.messages) {
    const name = byPath.get(decodeURIComponent(new URL(m.url).pathname)) ?? m.url;
    if (isHydrationMarker(m) || m.type === 'info') continue;
    found.set(name, [...(found.get(name) ?? []), m]);
  }
  return found;
}

/** The checker's words for `<!>`, Leptos's empty hydration marker. */
function isHydrationMarker(m: VnuMessage): boolean {
  return /Bogus comment|Saw “<!>”|Empty comment/i.test(m.message) || (m.extract ?? '').includes('<!>');
}

async function html(request: APIRequestContext, url: string): Promise<string> {
  const res = await request.get(url, { headers: { accept: 'text/html' } });
  expect(res.status(), url).toBe(200);
  return res.text();
}

test('the main pages are valid HTML', async ({ page, browser, baseURL }) => {
  test.slow();
  const pages = new Map<string, string>();
  for (const url of ['/', '/?category=health_screening', '/activities/1', '/login', '/register', '/forgot', '/claim', '/privacy', '/circles', '/groups']) {
    pages.set(url, await html(page.request, url));
  }
  // As a member and as the organizer, with their own cookies.
  await logIn(page, MEMBER_ZHANG.phone);
  for (const url of ['/me', '/me/activities', '/notifications', '/circles/1', '/threads/1']) {
    pages.set(`member ${url}`, await html(page.request, url));
  }
  const organizer = await browser.newPage({ baseURL });
  await logIn(organizer, ORGANIZER.phone);
  for (const url of ['/organizer', '/organizer/activities/1', '/organizer/activities/new']) {
    pages.set(`organizer ${url}`, await html(organizer.request, url));
  }
  await organizer.close();

  for (const [url, text] of pages) {
    expect(text.trimEnd().endsWith('</html>'), `${url}: nothing after </html>`).toBe(true);
    expect(text, `${url}: no nonce as a crossorigin value`).not.toMatch(/crossorigin="[A-Za-z0-9+/_-]{16,}"/);
  }
  const problems = check(pages);
  const said = [...problems].map(([url, ms]) => `${url}:\n${ms.map((m) => `  ${m.type}: ${m.message} [${m.extract ?? ''}]`).join('\n')}`);
  expect(said, said.join('\n')).toEqual([]);
});
