import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startTestHall, TOKENS, type TestHall } from '../test/helpers/hall';
import { announcements, fontsReady, launchChromium, openTerminal, SCREENS, shot, type Terminal } from './helpers/browser';
import { buildTerminals } from './helpers/web';

/**
 * The kiosk and the hall display keep working through a restart of the hall server: they say they are
 * reconnecting and refuse to act meanwhile, then catch up from the new server's snapshot, on the same
 * database file and port.
 */
const GROUP = 'server-restart';
/**
 * Stops the hall server. Now and then its close waited about two minutes on an HTTP connection that a
 * reconnecting browser opened while it was closing; dropping the connections that remain meanwhile (as
 * a real process exit does) keeps the restart quick. Reported to the server's owner.
 */
async function stopHall(h: TestHall): Promise<void> {
  const server = h.server.app.server;
  const drop = setInterval(() => server.closeAllConnections(), 500);
  try {
    await h.stop();
  } finally {
    clearInterval(drop);
  }
}

const poll = <T>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

describe('terminals through a server restart', () => {
  let dir: string;
  let webDir: string;
  let hall: TestHall;
  let browser: Browser;
  const terminals: Terminal[] = [];

  beforeAll(async () => {
    webDir = await buildTerminals();
    dir = mkdtempSync(path.join(tmpdir(), 'yichuang-e2e-restart-'));
    hall = await startTestHall({ webDir, dir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(p: string, screen: { width: number; height: number }): Promise<Page> {
    const t = await openTerminal(browser, `${hall.server.url}${p}`, screen);
    terminals.push(t);
    return t.page;
  }

  it('reconnects the kiosk and the display and catches up with what happened meanwhile', async () => {
    const port = Number(new URL(hall.server.url).port);
    const kiosk = await open(`/kiosk?token=${TOKENS.kiosk2}`, SCREENS.kioskLandscape);
    const display = await open(`/display?token=${TOKENS.display}`, SCREENS.hd);

    // A first ticket, called before the restart.
    await kiosk.locator('[data-bundle="bdl-birth"]').click();
    await kiosk.getByTestId('take').click();
    await poll(() => kiosk.getByTestId('ticket-number').innerText()).toBe('A001');
    const clerk = (await hall.terminal(await hall.login('lina'))).socket;
    expect((await send(clerk, 'window:signIn', { windowId: 'w02' })).ok).toBe(true);
    const first = await send(clerk, 'window:callNext', {});
    expect(first.ok && first.ticket.number).toBe('A001');
    await poll(() => display.getByTestId('latest-call').innerText()).toContain('A001');

    // The kiosk's next citizen is on the confirm screen when the server goes away.
    await kiosk.getByTestId('ticket-done').click();
    await kiosk.locator('[data-category="personal"]').click();
    await kiosk.locator('[data-choice="svc-medical-enrol"]').click();
    await kiosk.getByTestId('take').waitFor();
    await stopHall(hall);

    await kiosk.getByTestId('reconnecting').waitFor();
    await display.getByTestId('reconnecting').waitFor();
    expect(await kiosk.getByTestId('take').isDisabled()).toBe(true);
    // Every glyph of the banner was fetched while the server was up: no empty boxes now that it is down.
    for (const page of [kiosk, display]) {
      const text = await page.getByTestId('reconnecting').innerText();
      expect(await page.evaluate(`document.fonts.check('700 16px "Noto Sans SC"', ${JSON.stringify(text)})`)).toBe(true);
    }
    await fontsReady(kiosk);
    await shot(kiosk, GROUP, '01-kiosk-reconnecting');
    await shot(display, GROUP, '02-display-reconnecting');

    // The same database file, the same port: a restarted hall server.
    hall = await startTestHall({ webDir, dir, port });
    await kiosk.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 20_000 });
    await display.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 20_000 });

    // The display caught up from the snapshot: the call made before the restart is still shown.
    expect(await display.getByTestId('latest-call').innerText()).toContain('A001');

    // The kiosk acts again, numbering where the hall left off.
    await kiosk.getByTestId('take').click();
    await poll(() => kiosk.getByTestId('ticket-number').innerText()).toBe('A002');
    await fontsReady(kiosk);
    await shot(kiosk, GROUP, '03-kiosk-after-restart');

    // A call after the restart reaches the display live and is announced.
    const clerk2 = (await hall.terminal(await hall.login('lina'))).socket;
    expect((await send(clerk2, 'ticket:complete', { ticketId: first.ticket.id, outcome: 'done', serviceIds: ['svc-birth-cert'] })).ok).toBe(true);
    const next = await send(clerk2, 'window:callNext', {});
    expect(next.ok && next.ticket.number).toBe('A002');
    await poll(() => display.getByTestId('latest-call').innerText()).toContain('A002');
    await poll(async () => (await announcements(display)).map((a) => a.text)).toContain('请 A002 号 到 2 号窗口');
    await fontsReady(display);
    await shot(display, GROUP, '04-display-after-restart');

    for (const t of terminals) expect(t.errors).toEqual([]);
  });
});
