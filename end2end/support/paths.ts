// Where the suite finds the server binary, the built site and the browser.
//
// Every default is relative to this folder (end2end/), so the suite behaves the same whether
// it is started from end2end/ (`npm test`, `cargo leptos end-to-end`) or from the workspace
// root (`npm --prefix end2end test`). A relative path given in an environment variable is
// read from the directory the command was typed in (npm's INIT_CWD), as a shell user expects.

import fs from 'node:fs';
import path from 'node:path';

/** end2end/ */
export const E2E_DIR = path.resolve(__dirname, '..');
/** The workspace root, one level up. */
export const WORKSPACE_DIR = path.resolve(E2E_DIR, '..');

function fromEnv(name: string): string | undefined {
  const value = process.env[name];
  if (!value) return undefined;
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), value);
}

/**
 * The `tongxin` binary: TONGXIN_BIN, else the release build (what CI builds with
 * `cargo leptos build --release`) if there is one, else the debug build.
 */
export function serverBinary(): string {
  const fromVar = fromEnv('TONGXIN_BIN');
  if (fromVar) return fromVar;
  const release = path.join(WORKSPACE_DIR, 'target', 'release', 'tongxin');
  if (fs.existsSync(release)) return release;
  return path.join(WORKSPACE_DIR, 'target', 'debug', 'tongxin');
}

/** The site folder (CSS, JS, wasm, public files): LEPTOS_SITE_ROOT, else target/site. */
export function siteRoot(): string {
  return fromEnv('LEPTOS_SITE_ROOT') ?? path.join(WORKSPACE_DIR, 'target', 'site');
}

/** The islands' wasm files in the site's pkg folder (hashed names in release builds). */
export function wasmFiles(): string[] {
  const pkg = path.join(siteRoot(), 'pkg');
  try {
    return fs.readdirSync(pkg).filter((f) => f.endsWith('.wasm'));
  } catch {
    return [];
  }
}

/** Debian's chromium; Playwright's own browser downloads are not used. */
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/** Screenshots of every page a test visits (git-ignored). */
export const SCREENSHOT_DIR = path.join(E2E_DIR, 'artifacts', 'screenshots');

/** The journeys' key screens, kept in the repository for newcomers (docs/screens/). */
export const DOC_SCREENS_DIR = path.join(WORKSPACE_DIR, 'docs', 'screens');
