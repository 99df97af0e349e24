// Starts a real `tongxin` server on a fresh SQLite database: `tongxin seed --demo`, then
// `tongxin serve` on a free port, ready when GET /readyz answers 200.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { serverBinary, siteRoot } from './paths';

export interface RunningServer {
  /** http://127.0.0.1:<port> */
  baseURL: string;
  /** Everything the seed and the server printed, for the report when a test fails. */
  log(): string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
const START_ATTEMPTS = 3;

/** A port nobody listens on right now (bind port 0, read it, let it go). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      if (address && typeof address === 'object') {
        const { port } = address;
        srv.close(() => resolve(port));
      } else {
        srv.close(() => reject(new Error('could not read the port')));
      }
    });
  });
}

export async function startServer(): Promise<RunningServer> {
  const bin = serverBinary();
  if (!fs.existsSync(bin)) {
    throw new Error(`tongxin binary not found at ${bin}; build it (cargo leptos build --release) or set TONGXIN_BIN`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-e2e-'));
  let output = '';
  const record = (chunk: Buffer | string) => {
    output += chunk.toString();
  };
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `sqlite://${path.join(dir, 'tongxin.db')}`,
    LEPTOS_SITE_ROOT: siteRoot(),
    TONGXIN_RATE_LIMITS: 'off',
    // As behind nginx: a test gives each phone its own address with X-Forwarded-For
    // (support/people.ts), so reports from different women come from different places.
    TONGXIN_BEHIND_PROXY: 'true',
    // Tests stop the server at once; nothing is in flight by then.
    TONGXIN_SHUTDOWN_GRACE_SECS: '1',
    NO_COLOR: '1',
  };

  const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });

  try {
    await runToEnd(bin, ['seed', '--demo'], { env: baseEnv, cwd: dir }, record);

    // The port may be taken between freePort() and the server binding it; try again then.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const baseURL = `http://127.0.0.1:${port}`;
      record(`\n--- tongxin serve on ${baseURL} (attempt ${attempt}) ---\n`);
      const child = spawn(bin, ['serve'], {
        cwd: dir,
        env: { ...baseEnv, LEPTOS_SITE_ADDR: `127.0.0.1:${port}` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', record);
      child.stderr?.on('data', record);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.once('error', (e) => record(`spawn error: ${e.message}\n`));

      const ready = await waitUntilReady(baseURL, exited);
      if (ready === 'ready') {
        return {
          baseURL,
          log: () => output,
          stop: async () => {
            await stopProcess(child, exited);
            cleanUp();
          },
        };
      }
      await stopProcess(child, exited);
      if (ready === 'exited' && attempt < START_ATTEMPTS) continue;
      throw new Error(`tongxin serve did not become ready (${ready}):\n${output}`);
    }
  } catch (e) {
    cleanUp();
    throw e;
  }
}

function runToEnd(
  bin: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string },
  record: (c: Buffer | string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    record(`--- tongxin ${args.join(' ')} ---\n`);
    const child = spawn(bin, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`tongxin ${args.join(' ')} failed (code ${code}, signal ${signal})`));
    });
  });
}

async function waitUntilReady(baseURL: string, exited: Promise<number | null>): Promise<'ready' | 'exited' | 'timeout'> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) return 'exited';
    try {
      const res = await fetch(`${baseURL}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) return 'ready';
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'timeout';
}

/** SIGTERM (graceful shutdown), SIGKILL if it is still there after 5 s. */
async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), 5_000);
  });
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
