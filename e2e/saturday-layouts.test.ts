import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, send, startTestHall, TOKENS, type TestHall } from '../test/helpers/hall';
import { fontsReady, launchChromium, openTerminal, SCREENS, shot, type Terminal } from './helpers/browser';
import { buildTerminals } from './helpers/web';

/**
 * A Saturday service day (办事无休日) on the hall's own calendar: the banner on the kiosk and the displays,
 * the screens at their other sizes (kiosk landscape and elderly mode, the display at 4K, a paused window
 * screen, a poor rating), and the kiosk after the cut-off, saying when the hall opens next.
 */
const GROUP = 'saturday-layouts';
const SATURDAY_10AM = Date.parse('2026-11-28T02:00:00Z');
const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

describe('a Saturday service day on every screen size', () => {
  let hall: TestHall;
  let browser: Browser;
  const clock = new FakeClock(SATURDAY_10AM);
  const terminals: Terminal[] = [];

  beforeAll(async () => {
    const webDir = await buildTerminals();
    hall = await startTestHall({ webDir, calendar: 'hall', clock });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.stop();
  });

  async function open(p: string, screen: { width: number; height: number }): Promise<Page> {
    const t = await openTerminal(browser, `${hall.server.url}${p}`, screen);
    terminals.push(t);
    await fontsReady(t.page);
    return t.page;
  }

  async function clerkAt(username: string, windowId: string): Promise<Socket> {
    const { socket } = await hall.terminal(await hall.login(username));
    const r = await send(socket, 'window:signIn', { windowId });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    return socket;
  }

  it('shows the banner, the calls and the windows at each size, and stops issuing at the cut-off', async () => {
    // The morning so far: seven tickets, four windows on the Saturday roster, five calls.
    const { socket: kioskSocket } = await hall.terminal(TOKENS.kiosk);
    for (const serviceIds of [['svc-id-card'], ['svc-sscard'], ['svc-fund-withdraw'], ['svc-hukou-move'], ['svc-medical-enrol'], ['svc-id-card'], ['svc-elderly-card']]) {
      expect((await send(kioskSocket, 'ticket:take', { serviceIds })).ok).toBe(true);
    }
    const clerks = [await clerkAt('zhangwei', 'w01'), await clerkAt('lina', 'w02'), await clerkAt('wangfang', 'w03'), await clerkAt('liuyang', 'w04')];
    for (const c of [...clerks, clerks[0]!]) {
      const called = await send(c, 'window:callNext', {});
      if (c === clerks[0] && called.ok && called.ticket) {
        await send(c, 'ticket:complete', { ticketId: called.ticket.id, outcome: 'done', serviceIds: called.ticket.serviceIds });
      }
    }
    clock.advance(20_000);
    expect((await send(clerks[2]!, 'ticket:recall', { ticketId: hall.server.hall.state.windows.get('w03')!.currentTicketId! })).ok).toBe(true);

    const kiosk = await open(`/kiosk?token=${TOKENS.kiosk2}`, SCREENS.kioskLandscape);
    await poll(() => kiosk.getByTestId('banner').innerText()).toContain('办事无休日');
    // Only what the Saturday roster serves: one bundle, ten matters.
    expect(await kiosk.locator('[data-bundle]').count()).toBe(1);
    await shot(kiosk, GROUP, '01-kiosk-landscape-saturday');

    const elderly = await open(`/kiosk?token=${TOKENS.kiosk}`, SCREENS.kioskPortrait);
    await elderly.getByTestId('elderly-toggle').click();
    await poll(() => elderly.getByTestId('kiosk-home').isVisible()).toBe(true);
    await shot(elderly, GROUP, '02-kiosk-portrait-elderly-home');
    await elderly.locator('[data-category="personal"]').click();
    expect(await elderly.locator('[data-choice]').count()).toBe(4);
    await shot(elderly, GROUP, '03-kiosk-portrait-elderly-list');

    const uhd = await open(`/display?token=${TOKENS.display}`, SCREENS.uhd);
    await poll(() => uhd.getByTestId('recent-calls').locator('li').count()).toBeGreaterThanOrEqual(4);
    expect(await uhd.getByTestId('banner').innerText()).toContain('办事无休日');
    // The layout fits the screen: nothing runs off the edge of a 4K panel.
    const overflow = await uhd.evaluate('document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight');
    expect(overflow).toBe(false);
    await shot(uhd, GROUP, '04-display-4k');
    const hd = await open(`/display?token=${TOKENS.display}`, SCREENS.hd);
    await hd.getByTestId('latest-call').waitFor();
    await shot(hd, GROUP, '05-display-hd');

    // Window 2 pauses for lunch; its screen says so.
    await send(clerks[1]!, 'ticket:noShow', { ticketId: hall.server.hall.state.windows.get('w02')!.currentTicketId! }).then(async (r) => {
      // A ticket called once cannot be a no-show yet: complete it instead.
      if (!r.ok) {
        const t = hall.server.hall.state.tickets.get(hall.server.hall.state.windows.get('w02')!.currentTicketId!)!;
        await send(clerks[1]!, 'ticket:complete', { ticketId: t.id, outcome: 'accepted', serviceIds: t.serviceIds });
      }
    });
    expect((await send(clerks[1]!, 'window:pause', { reason: 'lunch' })).ok).toBe(true);
    const screen = await open(`/display?window=2&token=${TOKENS.display}`, SCREENS.hd);
    await poll(() => screen.getByTestId('window-state').innerText()).toContain('暂停服务');
    await shot(screen, GROUP, '06-window-screen-paused');

    // A poor rating asks why.
    const pad = await open('/eval?token=demo-eval-w02-09458e', SCREENS.pad);
    await pad.getByTestId('eval-rate').waitFor();
    await pad.locator('[data-level="2"]').click();
    await pad.getByTestId('eval-reason').waitFor();
    await pad.getByRole('button', { name: '等候时间太长' }).click();
    await shot(pad, GROUP, '07-eval-poor-reason');
    await pad.getByTestId('eval-submit').click();
    await pad.getByTestId('eval-thanks').waitFor();

    // 11:45: past the 11:30 cut-off of the personal queue. A kiosk that starts now says so.
    clock.t = Date.parse('2026-11-28T03:45:00Z');
    const late = await open(`/kiosk?token=${TOKENS.kiosk2}`, SCREENS.kioskPortrait);
    await poll(() => late.getByTestId('kiosk-closed').innerText()).toContain('停止取号');
    expect(await late.getByTestId('next-open').innerText()).toBe('11月30日（周一）09:00');
    await shot(late, GROUP, '08-kiosk-after-cutoff');

    for (const t of terminals) expect(t.errors).toEqual([]);
  });
});
