import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminHall, type AdminHall } from '../server/admin/test-support/admin-hall';
import { FakeClock, rid, send, TOKENS } from '../test/helpers/hall';
import { fontsReady, launchChromium, openTerminal, SCREENS, shot, type Terminal } from './helpers/browser';
import { buildPages } from './helpers/web';

/**
 * Nobody stranded, and every screen live and consistent (issue 12), in real Chromium against a real hall:
 * a kiosk issues 投资项目 with no D window open and says so honestly; the manager sees it in 无人可办 and
 * opens a window; a clerk's 转办 lists staffed windows first and asks before sending a citizen to a closed
 * one, and the manager reassigns (改派) that ticket to a staffed window whose clerk calls it; after closing, the hall display shows no stale call and the clerk is told why the desk closed.
 */
const GROUP = 'stranded';
const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

describe('nobody stranded, in the browser', () => {
  let h: AdminHall;
  let browser: Browser;
  let webDir: string;
  const terminals: Terminal[] = [];

  beforeAll(async () => {
    // The terminals and the admin console in one build (the hall server serves one directory).
    webDir = await buildPages(['index', 'kiosk', 'clerk', 'display', 'ticket', 'admin'], 'stranded');
    h = await startAdminHall({ webDir, clock: new FakeClock(Date.parse('2026-11-24T10:00:00+08:00')) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const t of terminals) await t.context.close();
    await browser?.close();
    await h?.stop();
    rmSync(webDir, { recursive: true, force: true });
    for (const t of terminals) expect(t.errors).toEqual([]);
  });

  async function open(url: string, size: { width: number; height: number }): Promise<Page> {
    const t = await openTerminal(browser, `${h.url}${url}`, size);
    terminals.push(t);
    return t.page;
  }

  it('issues 投资项目 honestly when no D window is open, and the manager opens one from 无人可办', async () => {
    const zhangwei = (await h.terminal(await h.login('zhangwei'))).socket;
    expect(await send(zhangwei, 'window:signIn', { windowId: 'w01' })).toMatchObject({ ok: true });

    const kiosk = await open(`/kiosk?token=${TOKENS.kiosk2}`, SCREENS.kioskPortrait);
    await kiosk.getByTestId('open-search').click();
    for (const k of ['Q', 'Y', 'T', 'Z']) await kiosk.locator(`[data-key="${k}"]`).click();
    await kiosk.locator('[data-choice="svc-project-filing"]').click();
    await kiosk.getByTestId('take').click();
    await kiosk.getByTestId('ticket-number').waitFor();
    expect(await kiosk.getByTestId('ticket-number').innerText()).toBe('D001');
    expect(await kiosk.getByTestId('ticket-unservable').innerText()).toBe('当前暂无窗口办理，请咨询导办台');
    expect(await kiosk.getByTestId('ticket-wait').innerText()).toBe('暂无法估计');
    await fontsReady(kiosk);
    await shot(kiosk, GROUP, '01-kiosk-unservable');

    const admin = await open('/admin', SCREENS.hd);
    await admin.fill('input[name=username]', 'admin');
    await admin.fill('input[name=password]', 'admin1234');
    await admin.click('button[type=submit]');
    await admin.getByTestId('stranded').waitFor();
    expect(await admin.getByTestId('stranded').innerText()).toContain('D001');
    await fontsReady(admin);
    await shot(admin, GROUP, '02-admin-stranded');
    await admin.getByTestId('stranded-open').click();
    await admin.getByTestId('stranded-staff').selectOption('s-lina');
    await admin.getByRole('button', { name: '确认开启' }).click();
    await poll(() => admin.getByTestId('stranded').count()).toBe(0);
    const opened = [...h.server.hall.state.windows.values()].find((w) => w.staffId === 's-lina');
    expect(opened?.status).toBe('open');
    await fontsReady(admin);
    await shot(admin, GROUP, '03-admin-window-opened');
    const audit = (await h.api(await h.login('admin'), 'GET', '/audit')).body.entries as { action: string }[];
    expect(audit[0]!.action).toBe('window.open');
  });

  it('lists staffed windows first in 转办 and asks before a transfer to a window nobody works', async () => {
    const kiosk = (await h.terminal(TOKENS.kiosk)).socket;
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    const clerk = await open('/clerk', SCREENS.desk);
    await clerk.fill('input[name=username]', 'wangfang');
    await clerk.fill('input[name=password]', 'demo1234');
    await clerk.getByRole('button', { name: '登录' }).click();
    await clerk.locator('[data-window="w02"]').click();
    await poll(() => clerk.getByTestId('servable').innerText()).not.toBe('0');
    await clerk.keyboard.press('F1');
    await poll(() => clerk.getByTestId('current-number').innerText()).toMatch(/^A/);
    await clerk.keyboard.press('F6');
    await clerk.getByRole('dialog').waitFor();
    const order = await clerk.locator('[data-transfer-window]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-status')));
    // Staffed (window 1, and the one the manager opened) before every closed one.
    expect(order.slice(0, 2)).toEqual(['open', 'open']);
    expect(order.slice(2).every((s) => s === 'closed')).toBe(true);
    await fontsReady(clerk);
    await shot(clerk, GROUP, '04-transfer-dialog');
    await clerk.locator('[data-transfer-window="w05"]').click();
    expect(await clerk.getByTestId('transfer-unstaffed').innerText()).toContain('5号综合窗口暂无人员');
    expect(await clerk.getByTestId('dialog-confirm').isDisabled()).toBe(true);
    await clerk.getByTestId('transfer-accept').check();
    await fontsReady(clerk);
    await shot(clerk, GROUP, '05-transfer-confirm-unstaffed');
    await clerk.getByTestId('dialog-confirm').click();
    await poll(() => clerk.getByTestId('notice').innerText()).toContain('已提示值班负责人');
    const moved = [...h.server.hall.state.tickets.values()].find((t) => t.targetWindowId === 'w05');
    expect(moved?.state).toBe('waiting');
  });

  it('lets the manager reassign (改派) the ticket stranded at the closed window to a staffed one, whose clerk calls it', async () => {
    const moved = [...h.server.hall.state.tickets.values()].find((t) => t.targetWindowId === 'w05' && t.state === 'waiting')!;
    const admin = terminals.find((t) => t.page.url().includes('/admin'))!.page;
    const clerk = terminals.find((t) => t.page.url().includes('/clerk'))!.page;
    // The live view follows the hall's events: the transferred ticket is stranded now.
    const row = admin.locator(`[data-testid="stranded"] [data-stranded="${moved.number}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.getByTestId('stranded-reassign').click();
    const form = admin.getByTestId('reassign-form');
    await form.waitFor();
    // Staffed windows first: window 1 (张伟) and window 2 (王芳) serve its matters; closed ones are not offered.
    await form.getByTestId('reassign-window').selectOption('w02');
    await form.getByTestId('reassign-reason').fill('5号窗口今日无人值守，改派2号窗口');
    await fontsReady(admin);
    await shot(admin, GROUP, '06-admin-reassign-form');
    await form.getByTestId('reassign-submit').click();
    await poll(() => admin.getByTestId('notice').innerText()).toContain(`已改派 ${moved.number}`);
    await poll(() => admin.getByTestId('stranded').count()).toBe(0);
    expect(h.server.hall.state.tickets.get(moved.id)).toMatchObject({ state: 'waiting', targetWindowId: 'w02', sortKey: moved.sortKey });
    // A's waiting list: the ticket waits for window 2 now, no longer marked 无人可办.
    const listed = admin.locator(`[data-testid="waiting-list"] [data-waiting="${moved.number}"]`);
    await poll(() => listed.innerText()).toContain('指定 2号综合窗口');
    expect(await listed.innerText()).not.toContain('无人可办');
    await listed.scrollIntoViewIfNeeded();
    await fontsReady(admin);
    await shot(admin, GROUP, '07-admin-reassigned');
    const audit = (await h.api(await h.login('admin'), 'GET', '/audit')).body.entries as { action: string; summary: string }[];
    expect(audit[0]).toMatchObject({ action: 'ticket.reassign' });
    expect(audit[0]!.summary).toContain('5号窗口今日无人值守，改派2号窗口');

    // Window 2's clerk (the browser) calls it.
    await poll(() => clerk.getByTestId('servable').innerText()).not.toBe('0');
    await clerk.keyboard.press('F1');
    await poll(() => clerk.getByTestId('current-number').innerText()).toBe(moved.number);
    await fontsReady(clerk);
    await shot(clerk, GROUP, '08-clerk-calls-reassigned');
    expect(h.server.hall.state.tickets.get(moved.id)).toMatchObject({ state: 'called', windowId: 'w02' });
    // Done with it, so the desk is free for what follows.
    await clerk.keyboard.press('F4');
    await clerk.getByTestId('dialog-confirm').click();
    await poll(() => h.server.hall.state.tickets.get(moved.id)?.state).toBe('completed');
  });

  it('shows no stale call on the hall display after closing, and tells the clerk why the desk closed', async () => {
    const display = await open(`/display?token=${TOKENS.display}`, SCREENS.hd);
    const clerk = terminals.find((t) => t.page.url().includes('/clerk'))!.page;
    const kiosk = (await h.terminal(TOKENS.kiosk)).socket;
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    await clerk.keyboard.press('F1');
    await poll(() => display.getByTestId('latest-call').count()).toBe(1);
    const token = await h.login('admin');
    expect((await h.api(token, 'POST', '/day/close', { requestId: rid(), reason: '临时停电，提前闭厅' })).status).toBe(200);
    await poll(() => display.getByTestId('latest-call').count()).toBe(0);
    await fontsReady(display);
    await shot(display, GROUP, '09-display-after-closing');
    await poll(() => clerk.getByTestId('picker-notice').innerText()).toBe('今日营业已结束（临时停电，提前闭厅），本窗口已自动退出');
    await fontsReady(clerk);
    await shot(clerk, GROUP, '10-clerk-day-closed');
  });
});
