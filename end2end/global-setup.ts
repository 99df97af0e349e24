// Before any test: check that the server binary, the site and the browser are where the
// suite expects them, say which are used, and clear the screenshots of the previous run.
// Each test then starts its own server (support/fixtures.ts).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

import { CHROMIUM, SCREENSHOT_DIR, serverBinary, siteRoot, wasmFiles } from './support/paths';

export default function globalSetup(): void {
  const bin = serverBinary();
  if (!fs.existsSync(bin)) {
    throw new Error(
      `The tongxin binary is not at ${bin}.\n` +
        'Build it first (from the workspace root: cargo leptos build --release), or set TONGXIN_BIN.',
    );
  }
  try {
    execFileSync(bin, ['--help'], { stdio: 'ignore', timeout: 10_000 });
  } catch (e) {
    throw new Error(`${bin} --help failed: ${(e as Error).message}`);
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No browser at ${CHROMIUM} (install Debian's chromium, or set CHROMIUM_BIN).`);
  }

  const site = siteRoot();
  const wasm = wasmFiles();
  console.log(`tongxin binary: ${bin}`);
  console.log(`site root:      ${site}${fs.existsSync(site) ? '' : ' (missing: pages will have no CSS or JS)'}`);
  console.log(`islands wasm:   ${wasm.length > 0 ? wasm.join(', ') : 'none (the islands test will be skipped)'}`);

  fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
}
