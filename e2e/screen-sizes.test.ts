import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startTestHall, TOKENS, type TestHall } from '../test/helpers/hall';
import { fontsReady, launchChromium, openTerminal, shot, type Terminal } from './helpers/browser';
import { fitProblems } from './helpers/fit';
import { buildTerminals } from './helpers/web';

/**
 * Every terminal at every size it is sold in: no primary action (`data-primary`) outside the viewport or
 * under something else, no line that must be read hidden, no text wider than its box. A screenshot of
 * each screen at each size goes to test-artifacts/e2e/screen-sizes/ to be looked at.
 */
const GROUP = 'screen-sizes';
const SIZES = {
  kiosk: [
    { width: 1080, height: 1920 },
    { width: 1920, height: 1080 },
  ],
  clerk: [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ],
  display: [
    { width: 1920, height: 1080 },
    { width: 3840, height: 2160 },
  ],
  pad: [
    { width: 800, height: 1280 },
    { width: 1280, height: 800 },
  ],
  phone: [{ width: 390, height: 844 }],
};
const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });
const sizeName = (s: { width: number; height: number }) => `${s.width}x${s.height}`;

describe('every terminal at every size it is sold in', () => {
  let hall: TestHall;
  let browser: Browser;
  const terminals: Terminal[] = [];

  beforeAll(async () => {
    const webDir = await buildTerminals();
    hall = await startTestHall({ webDir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.stop();
  });

  async function open(p: string, size: { width: number; height: number }): Promise<Page> {
    const t = await openTerminal(browser, `${hall.server.url}${p}`, size);
    terminals.push(t);
    return t.page;
  }

  /** Screenshot first (so a failure can be looked at), then the fit check. */
  async function check(page: Page, name: string): Promise<void> {
    await fontsReady(page);
    await shot(page, GROUP, name);
    expect(await fitProblems(page), name).toEqual([]);
  }

  it('fits the kiosk: home, elderly home, a five-matter bundle, the appointment screen', async () => {
    // A hall with people waiting: the waiting count shows on the home screen.
    const { socket } = await hall.terminal(TOKENS.kiosk);
    for (let i = 0; i < 3; i++) expect((await send(socket, 'ticket:take', { serviceIds: ['svc-id-card'] })).ok).toBe(true);
    for (const size of SIZES.kiosk) {
      const kiosk = await open(`/kiosk?token=${TOKENS.kiosk2}`, size);
      await kiosk.getByTestId('kiosk-home').waitFor();
      await poll(() => kiosk.locator('.home-waiting').count()).toBe(1);
      await check(kiosk, `kiosk-${sizeName(size)}-1-home`);
      await kiosk.locator('[data-bundle="bdl-birth"]').click();
      await kiosk.getByTestId('materials').waitFor();
      await check(kiosk, `kiosk-${sizeName(size)}-2-bundle`);
      await kiosk.getByTestId('home').click();
      await kiosk.getByTestId('open-appointment').click();
      await kiosk.getByTestId('kiosk-appointment').waitFor();
      await check(kiosk, `kiosk-${sizeName(size)}-3-appointment`);
      await kiosk.getByTestId('home').click();
      await kiosk.getByTestId('elderly-toggle').click();
      expect(await kiosk.locator('[data-bundle]').count()).toBe(5);
      await check(kiosk, `kiosk-${sizeName(size)}-4-elderly-home`);
      await kiosk.locator('[data-bundle="bdl-company"]').click();
      await kiosk.getByTestId('materials').waitFor();
      await check(kiosk, `kiosk-${sizeName(size)}-5-elderly-bundle`);
      await kiosk.getByTestId('take').click();
      await kiosk.getByTestId('ticket-number').waitFor();
      await check(kiosk, `kiosk-${sizeName(size)}-6-elderly-ticket`);
    }
  });

  it('fits the clerk terminal: the window picker and a five-matter bundle ticket', async () => {
    const { socket } = await hall.terminal(TOKENS.kiosk);
    const clerks = ['zhangwei', 'lina'];
    for (const [i, size] of SIZES.clerk.entries()) {
      // The bundle goes first at the window that calls: a fresh one for each size, ahead of the walk-ins.
      expect((await send(socket, 'ticket:take', { bundleId: 'bdl-birth', priority: 'elderly' })).ok).toBe(true);
      const clerk = await open('/clerk', size);
      await clerk.fill('input[name=username]', clerks[i]!);
      await clerk.fill('input[name=password]', 'demo1234');
      await clerk.getByRole('button', { name: '登录' }).click();
      await clerk.getByTestId('window-picker').waitFor();
      await check(clerk, `clerk-${sizeName(size)}-1-window-picker`);
      // Every window of the hall is on the picker without scrolling.
      for (const w of await clerk.locator('[data-window]').all()) expect(await w.isVisible()).toBe(true);
      await clerk.locator(`[data-window="w0${i + 1}"]`).click();
      await clerk.getByTestId('current-empty').waitFor();
      await clerk.keyboard.press('F1');
      await poll(() => clerk.getByTestId('current-ticket').innerText()).toContain('出生');
      await check(clerk, `clerk-${sizeName(size)}-2-bundle-ticket`);
    }
  });

  /** A real PNG photo (drawn by the browser), uploaded for 张伟 as the console does. */
  async function uploadPhoto(): Promise<void> {
    const page = await browser.newPage({ viewport: { width: 120, height: 160 } });
    await page.setContent('<body style="margin:0;background:linear-gradient(#93c5fd,#1e3a8a)"><div style="margin:40px auto 0;width:60px;height:60px;border-radius:50%;background:#fde68a"></div></body>');
    const png = await page.screenshot({ type: 'png' });
    await page.close();
    const admin = await hall.login('admin', 'admin1234');
    const res = await fetch(`${hall.server.url}/api/admin/staff/s-zhangwei/photo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mime: 'image/png', data: png.toString('base64') }),
    });
    expect(res.status).toBe(200);
  }

  it('fits the hall display and the window screen, which shows the clerk with photo, 工号 and 满意率', async () => {
    await uploadPhoto();
    for (const size of SIZES.display) {
      const board = await open(`/display?token=${TOKENS.display}`, size);
      await board.getByTestId('hall-board').waitFor();
      await check(board, `display-${sizeName(size)}-1-hall`);
      const screen = await open(`/display?token=${TOKENS.screenW01}`, size);
      await screen.getByTestId('window-screen').waitFor();
      // 张伟 signed in at window 1 in the clerk test: the screen shows who serves there.
      await poll(() => screen.getByTestId('clerk-photo').evaluate((img: unknown) => (img as { naturalWidth: number }).naturalWidth)).toBe(120);
      expect(await screen.getByTestId('clerk-name').innerText()).toBe('张伟');
      expect(await screen.getByTestId('clerk-no').innerText()).toBe('XH0100');
      expect(await screen.getByTestId('clerk-rate').innerText()).toBe('暂无评价');
      await check(screen, `display-${sizeName(size)}-2-window-screen`);
    }
  });

  it('fits the evaluation pad, idle and asking for a rating, and the phone status page', async () => {
    const pads = [];
    for (const size of SIZES.pad) {
      const pad = await open(`/eval?token=${TOKENS.evalW01}`, size);
      await pad.getByTestId('eval-idle').waitFor();
      await poll(() => pad.getByTestId('clerk-photo').evaluate((img: unknown) => (img as { naturalWidth: number }).naturalWidth)).toBe(120);
      await check(pad, `pad-${sizeName(size)}-1-idle`);
      pads.push({ pad, size });
    }
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const taken = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], priority: 'disabled' });
    expect(taken.ok).toBe(true);
    const { socket: clerk } = await hall.terminal(await hall.login('wangfang'));
    expect((await send(clerk, 'window:signIn', { windowId: 'w03' })).ok).toBe(true);
    // Window 1 holds zhangwei's bundle: wangfang at window 3 serves this one; window 1's clerk finishes.
    const w1 = hall.server.hall.state.windows.get('w01')!;
    const zhang = await hall.terminal(await hall.login('zhangwei'));
    const current = hall.server.hall.state.tickets.get(w1.currentTicketId!)!;
    // zhangwei's desk is in the browser above: this second connection takes the window over first (在本机接管).
    expect(await send(zhang.socket, 'window:signIn', { windowId: 'w01' })).toMatchObject({ ok: true });
    const done = await send(zhang.socket, 'ticket:complete', { ticketId: current.id, outcome: 'done', serviceIds: current.serviceIds });
    expect(done, JSON.stringify(done)).toMatchObject({ ok: true });
    for (const { pad, size } of pads) {
      await pad.getByTestId('eval-rate').waitFor();
      await check(pad, `pad-${sizeName(size)}-2-rate`);
    }
    // After the rating the idle pad shows the clerk's 满意率 of today.
    await pads[0]!.pad.locator('[data-level="5"]').click();
    await pads[0]!.pad.getByTestId('eval-thanks').waitFor();
    for (const { pad, size } of pads.slice(0, 1)) {
      await pad.getByTestId('eval-idle').waitFor({ timeout: 20_000 });
      await poll(() => pad.getByTestId('clerk-rate').innerText()).toBe('100%');
      await check(pad, `pad-${sizeName(size)}-3-idle-rated`);
    }
    for (const size of SIZES.phone) {
      const phone = await open(`/t/${taken.ticket.id}`, size);
      await phone.getByTestId('status-number').waitFor();
      await check(phone, `phone-${sizeName(size)}-status`);
    }
    for (const t of terminals) expect(t.errors).toEqual([]);
  });
});
