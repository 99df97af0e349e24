// Draws the app's PNG images once, with the same Chromium the browser tests use, and writes
// them under public/ (they are committed; run this again only when the drawings change):
//
//   public/icons/icon-192.png, icon-512.png   the home-screen icon (the favicon's two hearts)
//   public/icons/maskable-512.png             the same, full-bleed, hearts inside the safe zone
//   public/share/<category>.png               the picture of a shared activity's card, one per
//                                             category (600×315: chat apps crop it to a square
//                                             around the middle, where the icon is)
//
// Usage, from the workspace root (after `npm --prefix end2end ci`):
//   node scripts/make-images.mjs
// Only chat apps fetch the share pictures (about 20 KB each) and only an installing phone the
// icons: no page loads them.
//
// The categories, their icons and names follow domain/src/category.rs and app/src/i18n.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'end2end', 'package.json'));
const { chromium } = require('playwright-core');

const BRAND = '#a3231f';
const HEARTS = (fill = '#f6c4c1') =>
  `<path d="M32 52 14 34a10 10 0 0 1 14-14l4 4 4-4a10 10 0 0 1 14 14z" transform="matrix(.8 0 0 .8 -1 3)" fill="${fill}"/>` +
  `<path d="M32 52 14 34a10 10 0 0 1 14-14l4 4 4-4a10 10 0 0 1 14 14z" transform="matrix(.8 0 0 .8 13 6)" fill="#fff" stroke="${BRAND}" stroke-width="3.5" stroke-linejoin="round"/>`;

/** The favicon, drawn at `size`: rounded corners (purpose "any"). */
const icon = (size) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="${size}" height="${size}"><rect width="64" height="64" rx="14" fill="${BRAND}"/>${HEARTS()}</svg>`;

/** Full bleed, the hearts shrunk to three quarters (purpose "maskable": the safe zone is the circle of 80 %). */
const maskable = (size) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="${size}" height="${size}"><rect width="64" height="64" fill="${BRAND}"/><g transform="translate(8 8) scale(.75)">${HEARTS()}</g></svg>`;

const CATEGORIES = [
  ['culture_sports', '💃', '文体活动', 'Culture & sports', '#fde8d7'],
  ['skills_training', '🧵', '技能培训', 'Skills training', '#e4eefb'],
  ['entrepreneurship', '🌱', '创业指导', 'Entrepreneurship', '#e3f3e6'],
  ['health_screening', '🩺', '健康筛查', 'Health screening', '#e2f3f3'],
  ['legal_aid', '⚖️', '法律援助', 'Legal aid', '#ece8f6'],
  ['family_education', '👩‍👧', '家庭教育', 'Family education', '#fdf1d6'],
  ['governance', '🗳️', '议事参与', 'Community affairs', '#e8ecef'],
  ['care_visit', '🤝', '关爱走访', 'Care visits', '#fbeceb'],
];

const share = ([, emoji, zh, en, tint]) => `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
  html, body { margin: 0; width: 600px; height: 315px; }
  body { background: ${tint}; font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif;
         display: flex; flex-direction: column; align-items: center; justify-content: center; }
  .emoji { font-family: "Noto Color Emoji"; font-size: 120px; line-height: 1; }
  .zh { font-size: 40px; color: #1f1b1a; margin-top: 16px; font-weight: bold; }
  .en { font-size: 20px; color: #5a5350; margin-top: 4px; }
  .brand { position: absolute; left: 0; right: 0; bottom: 0; height: 36px; background: ${BRAND};
           color: #fff; font-size: 20px; display: flex; align-items: center; justify-content: center; gap: 8px; }
  .brand svg { width: 26px; height: 26px; }
</style></head><body>
  <div class="emoji">${emoji}</div>
  <div class="zh">${zh}</div>
  <div class="en">${en}</div>
  <div class="brand">${icon(26)}<span>同心 · 妇联活动</span></div>
</body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const shoot = async (html, width, height, file, transparent = false) => {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    await page.setContent(html);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, omitBackground: transparent });
    await page.close();
    console.log(`${path.relative(root, file)} ${fs.statSync(file).size} bytes`);
  };
  const bare = (svg) => `<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`;
  for (const size of [192, 512]) {
    await shoot(bare(icon(size)), size, size, path.join(root, 'public', 'icons', `icon-${size}.png`), true);
  }
  await shoot(bare(maskable(512)), 512, 512, path.join(root, 'public', 'icons', 'maskable-512.png'));
  for (const c of CATEGORIES) {
    await shoot(share(c), 600, 315, path.join(root, 'public', 'share', `${c[0]}.png`));
  }
} finally {
  await browser.close();
}
