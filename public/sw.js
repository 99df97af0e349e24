// Tongxin's service worker: the pages she opened stay readable without a signal, and a sign-up
// or cancellation pressed without network is sent when the network is back.
//
// Plain JavaScript, registered after the page's `load` (app/src/components/offline.rs), so a
// first visit pays nothing for it while it loads. What it keeps:
//
// - pages the server marks `Tongxin-Offline: keep` (server/src/middleware/offline_copies.rs:
//   the activity list, activity pages, "my activities"; nothing else personal), fetched from
//   the network first and kept with the time they were saved; without network the copy is
//   served with its "上次更新：…" line shown (the page carries it hidden: data-saved-copy);
// - the shell: /pkg (CSS, JS, wasm; hashed names, so a file never changes: the copy is used
//   as long as a kept page names it), icons and the offline page (served from the copy and
//   refreshed behind it);
// - the sign-ups and cancellations waiting for the network (the server answers a repeated
//   one as it answered the first, so sending one twice is harmless).
//
// A page answered to someone not logged in says `visitor`: the copies kept for a logged-in
// woman are dropped. Logging out sends Clear-Site-Data, which removes all of it (and this
// worker) in browsers that honour it.

'use strict';

const PAGES = 'tongxin-pages-v1';
const SHELL = 'tongxin-shell-v1';
const QUEUE = 'tongxin-queue-v1';

const OFFLINE_PAGE = '/offline.html';
const PRECACHE = [OFFLINE_PAGE, '/offline.css', '/favicon.svg'];

/** The forms that wait for the network, by the server function they post to (docs/API.md). */
const QUEUED_FORMS = {
  '/api/activities/signup': { kind: 'signup', done: 'signed_up' },
  '/api/activities/cancel_signup': { kind: 'cancel', done: 'cancelled' },
};

/** Pages the server may let us keep; others are never fetched again for keeping. */
const MAY_BE_KEPT = /^\/(activities\/\d+(\/cancel)?|me\/activities)?$/;

const DAY_MS = 24 * 3600 * 1000;

/** Query parameters that only say what just happened: not part of what a copy is kept under. */
const TRANSIENT = ['done', 'queued'];

// Written on each kept copy.
const SAVED_AT = 'tongxin-saved-at';
const TITLE = 'tongxin-title';
const ASSETS = 'tongxin-assets';
const VERDICT = 'tongxin-offline';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (![PAGES, SHELL, QUEUE].includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
      // The page that registered this worker loaded before it: keep it too, so an activity
      // opened once from a link in a chat is there at the bus stop. (Its CSS, JS and wasm
      // come from the browser's cache.)
      const windows = await self.clients.matchAll({ type: 'window' });
      await Promise.all(windows.map((w) => refresh(new URL(w.url)).catch(() => {})));
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.method === 'POST' && req.mode === 'navigate' && QUEUED_FORMS[url.pathname]) {
    event.respondWith(sendOrQueue(req, url));
    return;
  }
  if (req.method !== 'GET') return;
  if (req.mode === 'navigate') {
    event.respondWith(page(event, url));
    return;
  }
  if (url.pathname.startsWith('/pkg/') || url.pathname.startsWith('/icons/') || PRECACHE.includes(url.pathname)) {
    event.respondWith(shellFile(event, req, url));
  }
});

// The page says it is back online (app/src/components/offline.rs).
self.addEventListener('message', (event) => {
  if (event.data === 'flush') event.waitUntil(flushSoon());
});

// Background Sync, where the browser has it: the queue is sent even if the page was closed.
self.addEventListener('sync', (event) => {
  if (event.tag === 'tongxin-queue') {
    event.waitUntil(
      flush().then((sent) => {
        if (!sent) throw new Error('still offline');
      }),
    );
  }
});

// ---- Pages -------------------------------------------------------------------------------

/** The network first; without it, the kept copy, else the offline page. (No navigation
 * preload: the worker starts in milliseconds, a page on a village network takes seconds.) */
async function page(event, url) {
  let res;
  try {
    res = await fetch(event.request);
  } catch (err) {
    return (await keptCopy(url)) || offlinePage();
  }
  event.waitUntil(afterPage(url, res.clone()).then(flush).catch(() => {}));
  return res;
}

/** Keeps, replaces or drops the copy of a page the network just answered. */
async function afterPage(url, res) {
  const verdict = (res.headers.get(VERDICT) || '').split(',').map((w) => w.trim());
  if (verdict.includes('visitor')) await forgetPersonal();
  if (res.type === 'opaqueredirect' || res.status >= 500) return;
  const pages = await caches.open(PAGES);
  if (res.status === 200 && verdict.includes('keep')) {
    const html = await keep(pages, pageKey(url), res, verdict.includes('visitor'));
    await keepCancelPage(pages, url, html);
  } else {
    await pages.delete(pageKey(url));
  }
}

/** An activity page she holds a sign-up on links to its "cancel?" page: keep that too (at most
 * a day old), so that giving up her seat works without network; drop it once there is none. */
async function keepCancelPage(pages, url, html) {
  const activity = /^\/activities\/(\d+)$/.exec(url.pathname);
  if (!activity) return;
  const cancel = new URL(`/activities/${activity[1]}/cancel`, self.location.origin);
  if (!html.includes(`href="${cancel.pathname}"`)) {
    await pages.delete(pageKey(cancel));
    return;
  }
  const copy = await pages.match(pageKey(cancel));
  const age = copy ? Date.now() - Number(copy.headers.get(SAVED_AT)) : Infinity;
  if (!(age < DAY_MS)) await refresh(cancel).catch(() => {});
}

/** Fetches a page again to keep it (the page she has open when this worker starts). */
async function refresh(url) {
  if (url.origin !== self.location.origin || !MAY_BE_KEPT.test(url.pathname)) return;
  const res = await fetch(url.pathname + url.search, { credentials: 'same-origin', headers: { accept: 'text/html' } });
  await afterPage(url, res);
}

/** The address a copy is kept under: without the fragment and the words of the moment. */
function pageKey(url) {
  const key = new URL(url.pathname + url.search, self.location.origin);
  for (const name of TRANSIENT) key.searchParams.delete(name);
  return key.href;
}

async function keep(pages, key, res, visitor) {
  const html = await res.text();
  const headers = new Headers(res.headers);
  // The body is already decoded.
  headers.delete('content-encoding');
  headers.delete('content-length');
  headers.set(SAVED_AT, String(Date.now()));
  headers.set(TITLE, encodeURIComponent(titleOf(html)));
  const assets = assetsOf(html);
  headers.set(ASSETS, assets.join(' '));
  if (visitor) headers.set(VERDICT, 'keep, visitor');
  await pages.put(key, new Response(html, { status: 200, statusText: 'OK', headers }));
  await keepAssets(assets);
  return html;
}

/** Drops every copy kept for someone logged in (and what she left waiting). */
async function forgetPersonal() {
  const pages = await caches.open(PAGES);
  for (const req of await pages.keys()) {
    const res = await pages.match(req);
    if (!res || !(res.headers.get(VERDICT) || '').includes('visitor')) await pages.delete(req);
  }
}

/** The kept copy of this address, showing when it was saved (and a form that waits). */
async function keptCopy(url) {
  const pages = await caches.open(PAGES);
  let res = await pages.match(pageKey(url));
  // /activities/3?error=… and the like: the copy of the page itself.
  if (!res && url.pathname !== '/') res = await pages.match(url.pathname, { ignoreSearch: true });
  if (!res) return null;
  let html = await res.text();
  const lang = (/<html[^>]*\slang="([^"]+)"/.exec(html) || [])[1] || 'zh-CN';
  const saved = Number(res.headers.get(SAVED_AT)) || Date.now();
  html = show(html, 'data-saved-copy').replace(
    /<span data-saved-at[^>]*><\/span>/,
    `<time data-saved-at datetime="${new Date(saved).toISOString()}">${when(saved, lang)}</time>`,
  );
  if ((await waiting()).some((item) => concerns(item.page, url.pathname))) html = show(html, 'data-queued');
  return new Response(html, { status: 200, statusText: 'OK', headers: res.headers });
}

/** The offline page, listing the pages kept on this phone. */
async function offlinePage() {
  const shell = await caches.open(SHELL);
  const res = await shell.match(OFFLINE_PAGE);
  if (!res) return Response.error();
  let html = await res.text();
  const pages = await caches.open(PAGES);
  const items = [];
  for (const req of await pages.keys()) {
    const copy = await pages.match(req);
    if (!copy) continue;
    const where = new URL(req.url);
    // Reached from its activity page.
    if (where.pathname.endsWith('/cancel')) continue;
    const title = escapeHtml(decodeURIComponent(copy.headers.get(TITLE) || '') || where.pathname);
    const saved = Number(copy.headers.get(SAVED_AT)) || 0;
    items.push(`<li><a href="${escapeHtml(where.pathname + where.search)}">${title}</a> <small>${when(saved, self.navigator.language || 'zh-CN')}</small></li>`);
  }
  if (items.length) {
    html = show(html, 'data-saved').replace('<ul data-saved-list></ul>', `<ul data-saved-list>${items.join('')}</ul>`);
  }
  if ((await waiting()).length) html = show(html, 'data-queued');
  const headers = new Headers(res.headers);
  headers.delete('content-encoding');
  headers.delete('content-length');
  return new Response(html, { status: 200, statusText: 'OK', headers });
}

/** Removes `hidden` from the elements carrying `marker`. */
function show(html, marker) {
  const tag = new RegExp(`<[a-z][^>]*\\s${marker}(?:="")?(?=[\\s/>])[^>]*>`, 'g');
  return html.replace(tag, (t) => t.replace(/\shidden(?:="[^"]*")?(?=[\s/>])/, ''));
}

/** Whether a form for the activity page `page` waits, seen from `path` (the page or its "cancel?" page). */
function concerns(page, path) {
  return path === page || path === `${page}/cancel`;
}

function titleOf(html) {
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(html);
  return m ? decodeEntities(m[1]).trim() : '';
}

function decodeEntities(s) {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** "12月2日 14:05" (or "Dec 2 14:05") in the page's language, in the phone's time zone. */
function when(ms, lang) {
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  const time = `${two(d.getHours())}:${two(d.getMinutes())}`;
  if (lang.startsWith('zh')) return `${d.getMonth() + 1}月${d.getDate()}日 ${time}`;
  try {
    return `${d.toLocaleDateString(lang, { month: 'short', day: 'numeric' })} ${time}`;
  } catch (err) {
    return `${d.getMonth() + 1}/${d.getDate()} ${time}`;
  }
}

// ---- The shell ---------------------------------------------------------------------------

/** /pkg from the copy (a hashed name never changes); icons and the offline page from the copy, refreshed behind it. */
async function shellFile(event, req, url) {
  const shell = await caches.open(SHELL);
  const hit = await shell.match(req, { ignoreVary: true });
  const hashed = url.pathname.startsWith('/pkg/');
  if (hit && hashed) return hit;
  const update = fetch(req).then(async (res) => {
    if (res.ok && res.type === 'basic') await shell.put(req, res.clone());
    return res;
  });
  if (hit) {
    event.waitUntil(update.catch(() => {}));
    return hit;
  }
  return update;
}

/** The /pkg files a page names (its CSS, JS and wasm). */
function assetsOf(html) {
  return [...new Set(html.match(/\/pkg\/[A-Za-z0-9._-]+/g) || [])];
}

/** Keeps the files a kept page needs (from the browser's cache as a rule: hashed and immutable),
 * and once a new release brought new ones, drops those no kept page names any more. */
async function keepAssets(assets) {
  const shell = await caches.open(SHELL);
  let added = false;
  for (const path of assets) {
    if (await shell.match(path, { ignoreVary: true })) continue;
    try {
      const res = await fetch(path);
      if (res.ok) {
        await shell.put(path, res);
        added = true;
      }
    } catch (err) {
      // Fetched again when a page needs it.
    }
  }
  if (!added) return;
  const named = new Set(assets);
  const pages = await caches.open(PAGES);
  for (const req of await pages.keys()) {
    const copy = await pages.match(req);
    for (const path of ((copy && copy.headers.get(ASSETS)) || '').split(' ')) if (path) named.add(path);
  }
  for (const req of await shell.keys()) {
    const path = new URL(req.url).pathname;
    if (path.startsWith('/pkg/') && !named.has(path)) await shell.delete(req);
  }
}

// ---- Forms waiting for the network ---------------------------------------------------------

/** Sends the form; without network, keeps it and shows her page saying it will be sent. */
async function sendOrQueue(req, url) {
  const body = await req.clone().text();
  try {
    return await fetch(req);
  } catch (err) {
    const id = new URLSearchParams(body).get('activity_id') || '';
    if (!/^\d+$/.test(id)) return offlinePage();
    const { kind, done } = QUEUED_FORMS[url.pathname];
    const pagePath = `/activities/${id}`;
    const queue = await caches.open(QUEUE);
    const key = `/queued/${id}`;
    const earlier = await queue.match(key);
    const before = earlier ? await earlier.json() : null;
    if (before && before.kind === 'signup' && kind === 'cancel') {
      // Taking back a sign-up that never left the phone: nothing to send.
      await queue.delete(key);
      return Response.redirect(`${pagePath}#signup`, 303);
    }
    const item = { action: url.pathname, body, kind, done, page: pagePath, at: Date.now() };
    await queue.put(key, new Response(JSON.stringify(item), { headers: { 'content-type': 'application/json' } }));
    try {
      await self.registration.sync.register('tongxin-queue');
    } catch (e) {
      // No Background Sync: the page asks when it is back online.
    }
    return Response.redirect(`${pagePath}?queued=${kind}#signup`, 303);
  }
}

/** What waits to be sent. */
async function waiting() {
  const queue = await caches.open(QUEUE);
  const items = [];
  for (const req of await queue.keys()) {
    const res = await queue.match(req);
    if (res) items.push(await res.json());
  }
  return items;
}

let flushing = null;

/** Sends what waits (one run at a time); true when nothing is left. */
function flush() {
  if (!flushing) flushing = sendWaiting().finally(() => (flushing = null));
  return flushing;
}

/** Sends what waits, trying again a few times: the phone may say "online" a moment before the
 * network carries anything. */
async function flushSoon() {
  for (let wait = 1000; ; wait *= 2) {
    if (await flush()) return;
    if (wait > 16000) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

async function sendWaiting() {
  const queue = await caches.open(QUEUE);
  let left = false;
  for (const req of await queue.keys()) {
    const stored = await queue.match(req);
    if (!stored) continue;
    const item = await stored.json();
    let res;
    try {
      res = await fetch(item.action, {
        method: 'POST',
        body: item.body,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      });
    } catch (err) {
      left = true;
      continue;
    }
    // A gateway or an overloaded server: try again later.
    if ([502, 503, 504].includes(res.status)) {
      left = true;
      continue;
    }
    await queue.delete(req);
    let go = `${item.page}?done=${item.done}#signup`;
    if (!res.ok) {
      const answer = await res.json().catch(() => ({}));
      const params = new URLSearchParams({ error: answer.key || 'internal' });
      if (answer.field) params.set('field', answer.field);
      if (answer.retry_after_secs) params.set('retry', String(answer.retry_after_secs));
      go = `${item.page}?${params}#signup`;
    }
    // Her activity page shows the real outcome: the seat, the place in the queue, or why not.
    for (const client of await self.clients.matchAll({ type: 'window' })) {
      if (concerns(item.page, new URL(client.url).pathname) && client.navigate) {
        client.navigate(go).catch(() => {});
      }
    }
    // Her kept "my activities" shows it too (the check-in code of a new seat).
    const pages = await caches.open(PAGES);
    const mine = new URL('/me/activities', self.location.origin);
    if (res.ok && (await pages.match(pageKey(mine)))) await refresh(mine).catch(() => {});
  }
  return !left;
}
