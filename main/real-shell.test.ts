import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from './build';
import { findElectron } from './electron-binary';

/**
 * The shell for real: Electron launched through Playwright against a tiny stand-in hall server on
 * 127.0.0.1. Runs only where the Electron binary is present (`npx electron --version` works) and, on
 * Linux, a display exists (CI: `xvfb-run npx vitest run main/real-shell.test.ts`).
 */

const electron = findElectron();
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = !electron.ok
  ? `SKIPPED: the Electron binary is absent (${electron.reason}); \`npx electron --version\` fails on this machine`
  : needsDisplay
    ? 'SKIPPED: no display (DISPLAY/WAYLAND_DISPLAY unset); run under xvfb-run'
    : null;

if (skipReason) console.info(`main/real-shell.test.ts ${skipReason}`);

/** The page globals the tests touch (this tsconfig has no DOM types). */
interface PageGlobals {
  require?: unknown;
  process?: unknown;
  yichuang: { getDeviceToken(): Promise<string>; getDeviceInfo(): Promise<{ role: string }> };
  localStorage: { length: number };
  sessionStorage: { length: number };
  open(url: string): unknown;
  location: { href: string; reload(): void };
}

const KIOSK_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>kiosk</title></head>
<body><h1 id="title">取号</h1></body></html>`;

/** A hall server stand-in that can go down and come back on the same port. */
class StandInServer {
  private server: Server | null = null;
  port = 0;

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.url === '/healthz') {
        res.end('ok');
      } else if (req.url?.startsWith('/kiosk')) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(KIOSK_PAGE);
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

describe.skipIf(skipReason !== null)(skipReason ?? 'the real shell (Electron via Playwright)', () => {
  const hall = new StandInServer();
  let tmp = '';
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    if (!electron.ok) return;
    tmp = mkdtempSync(join(tmpdir(), 'yichuang-real-shell-'));
    const out = await buildElectron(join(tmp, 'dist-electron'));
    await hall.start();
    const args = [join(out.outDir, 'main.cjs'), '--role', 'kiosk', '--server', hall.origin, '--device-token', 'kiosk-token-1'];
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    app = await _electron.launch({
      executablePath: electron.path,
      args,
      // A private config home: the test must not read or write the machine's own terminal settings.
      env: { ...process.env, HOME: tmp, XDG_CONFIG_HOME: join(tmp, 'config'), APPDATA: join(tmp, 'config') },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForURL(`${hall.origin}/kiosk`);
  }, 120_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await hall.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the kiosk page full screen in kiosk mode', async () => {
    expect(await page.textContent('#title')).toBe('取号');
    const state = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0];
      return { kiosk: w?.isKiosk(), fullScreen: w?.isFullScreen(), menu: w?.isMenuBarVisible() };
    });
    expect(state).toEqual({ kiosk: true, fullScreen: true, menu: false });
  });

  it('gives the page no Node, only the bridge, and the device token only through it', async () => {
    const seen = await page.evaluate(async () => {
      const w = globalThis as unknown as PageGlobals;
      return {
        require: typeof w.require,
        process: typeof w.process,
        bridge: Object.keys(w.yichuang).sort(),
        token: await w.yichuang.getDeviceToken(),
        role: (await w.yichuang.getDeviceInfo()).role,
        storage: w.localStorage.length + w.sessionStorage.length,
        popup: w.open('https://www.example.com/') === null,
      };
    });
    expect(seen).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridge: ['getDeviceInfo', 'getDeviceToken', 'printTicket', 'printerStatus', 'version'],
      token: 'kiosk-token-1',
      role: 'kiosk',
      storage: 0,
      popup: true,
    });
  });

  it('refuses to navigate away from the hall server', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://www.example.com/';
    });
    await page.waitForTimeout(500); // a refused navigation has no event to wait for
    expect(page.url()).toBe(`${hall.origin}/kiosk`);
  });

  it('shows the Chinese offline page while the server is down and returns when it is back', async () => {
    await hall.stop();
    await page.evaluate(() => (globalThis as unknown as PageGlobals).location.reload()).catch(() => undefined); // the page goes away mid-call
    await page.getByText('暂时无法连接大厅服务器').waitFor({ timeout: 30_000 });
    await hall.start();
    await page.waitForURL(`${hall.origin}/kiosk`, { timeout: 60_000 });
    expect(await page.textContent('#title')).toBe('取号');
  });
});
