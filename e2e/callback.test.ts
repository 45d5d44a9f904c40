import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConfigSchema } from '../protocol/admin';
import { writeAdminConfig } from '../server/admin/config';
import { startAdminHall, type AdminHall } from '../server/admin/test-support/admin-hall';
import { startFakeGateway, type FakeGateway } from '../server/notify/test-support/fake-gateway';
import { FakeClock, send, TOKENS } from '../test/helpers/hall';
import { fontsReady, launchChromium, openTerminal, SCREENS, shot, type Terminal } from './helpers/browser';
import { buildPages } from './helpers/web';
import { fitProblems } from './helpers/fit';

/**
 * The citizen can be reached (issue 12), in real Chromium against a real hall and a local SMS gateway:
 * the kiosk asks for a phone number (consent shown, the number masked as it is typed), the status page
 * behind the QR code says reminders are on, the gateway receives "前面还有 N 人" and "请到 X 号窗口", the
 * citizen rates the service 不满意 on the pad, and the manager finds it in the 差评 list with the number
 * masked, reveals it (audited) and records the callback.
 */
const GROUP = 'callback';
const SECRET = 'e2e-sms-secret-0123456789abcdef';
const PHONE = '13812345678';
const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

describe('差评回访 reaches the citizen, in the browser', () => {
  let h: AdminHall;
  let gw: FakeGateway;
  let browser: Browser;
  let webDir: string;
  const terminals: Terminal[] = [];

  beforeAll(async () => {
    webDir = await buildPages(['index', 'kiosk', 'eval', 'ticket', 'admin'], 'callback');
    gw = await startFakeGateway(SECRET);
    h = await startAdminHall({
      webDir,
      clock: new FakeClock(Date.parse('2026-11-24T10:00:00+08:00')),
      hallOptions: { notify: { url: gw.url, secret: SECRET, pollMs: 50, backoffBaseMs: 50 } },
    });
    // "前面还有 N 人" once one is ahead: two tickets before ours are enough to see it sent.
    writeAdminConfig(h.server.db, adminConfigSchema.parse({ notify: { enabled: true, aheadThreshold: 1 } }), Date.now());
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const t of terminals) await t.context.close();
    await browser?.close();
    await h?.stop();
    await gw?.close();
    rmSync(webDir, { recursive: true, force: true });
    for (const t of terminals) expect(t.errors).toEqual([]);
  });

  async function open(url: string, size: { width: number; height: number }): Promise<Page> {
    const t = await openTerminal(browser, `${h.url}${url}`, size);
    terminals.push(t);
    return t.page;
  }

  /** 社会保障卡申领 found by its pinyin initials, then a phone number typed on the kiosk's pad. */
  async function enterPhone(kiosk: Page): Promise<void> {
    await kiosk.getByTestId('open-search').click();
    for (const k of ['S', 'B', 'K']) await kiosk.locator(`[data-key="${k}"]`).click();
    await kiosk.locator('[data-choice="svc-sscard"]').click();
    await kiosk.getByTestId('phone-panel').waitFor();
    await kiosk.getByTestId('phone-input').click();
    const pad = kiosk.getByTestId('phone-pad');
    for (const d of PHONE) await pad.getByRole('button', { name: d, exact: true }).click();
    expect(await kiosk.getByTestId('phone-masked').innerText()).toBe('138 **** 5678');
    expect(await kiosk.getByTestId('phone-consent').innerText()).toContain('在您评价“不满意”时回访');
    expect(await kiosk.getByTestId('phone-consent').innerText()).toContain('最长保留 30 天');
    // Masked on screen: the full number is nowhere in the page's text.
    expect(await kiosk.locator('body').innerText()).not.toContain(PHONE);
  }

  it('takes a phone at the kiosk, texts the citizen, and brings the 差评 to the manager with the callback form', async () => {
    const clerk = (await h.terminal(await h.login('zhangwei'))).socket;
    expect(await send(clerk, 'window:signIn', { windowId: 'w01' })).toMatchObject({ ok: true });
    const otherKiosk = (await h.terminal(TOKENS.kiosk)).socket;
    for (let i = 0; i < 2; i++) expect((await send(otherKiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);

    // The same entry on a landscape kiosk (the hall's other model), photographed and left untaken.
    const wide = await open(`/kiosk?token=${TOKENS.kiosk}`, SCREENS.kioskLandscape);
    await enterPhone(wide);
    await fontsReady(wide);
    await shot(wide, GROUP, '01-kiosk-landscape-phone');
    // The longer consent line (it names the callback) overflows nothing, and 确认取号 stays on screen.
    expect(await fitProblems(wide)).toEqual([]);

    const kiosk = await open(`/kiosk?token=${TOKENS.kiosk2}`, SCREENS.kioskPortrait);
    await enterPhone(kiosk);
    await fontsReady(kiosk);
    await shot(kiosk, GROUP, '02-kiosk-portrait-phone');
    expect(await fitProblems(kiosk)).toEqual([]);
    await kiosk.getByTestId('take').click();
    await kiosk.getByTestId('ticket-number').waitFor();
    expect(await kiosk.getByTestId('ticket-number').innerText()).toBe('A003');
    expect(await kiosk.getByTestId('ticket-ahead').innerText()).toBe('2');
    const statusUrl = await kiosk.locator('[data-qr-text]').getAttribute('data-qr-text');
    await fontsReady(kiosk);
    await shot(kiosk, GROUP, '03-kiosk-ticket');

    // The status page behind the QR code: reminders on, never the number.
    const phone = await open(new URL(statusUrl!).pathname, SCREENS.phone);
    await poll(() => phone.getByTestId('status-ahead').innerText()).toMatch(/^2/);
    expect(await phone.getByTestId('status-sms').innerText()).toContain('短信提醒已开启');
    expect(await phone.locator('body').innerText()).not.toMatch(/138|5678/);
    await fontsReady(phone);
    await shot(phone, GROUP, '04-status-reminder-on');
    expect(await fitProblems(phone)).toEqual([]);

    // The first ticket is called: one left ahead, and the gateway has the "前面还有 1 人" text.
    const serve = async () => {
      const c = await send(clerk, 'window:callNext', {});
      expect(c.ok).toBe(true);
      expect((await send(clerk, 'ticket:complete', { ticketId: c.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] })).ok).toBe(true);
      return c.ticket;
    };
    await serve();
    await poll(() => gw.received.map((m) => [m.to, m.text])).toEqual([[PHONE, '西湖区行政服务中心：您的 A003 号前面还有 1 人，请回到大厅等候叫号。']]);
    await poll(() => phone.getByTestId('status-ahead').innerText()).toMatch(/^1/);
    await serve();
    const called = await send(clerk, 'window:callNext', {});
    expect(called.ok && called.ticket.number).toBe('A003');
    await poll(() => gw.received.length).toBe(2);
    expect(gw.received[1]).toMatchObject({ to: PHONE, text: '西湖区行政服务中心：请 A003 号到 1 号窗口办理。' });
    await poll(() => phone.getByTestId('status-window').innerText()).toContain('1');
    await fontsReady(phone);
    await shot(phone, GROUP, '05-status-called');

    // Served, then rated 不满意 on the pad of window 1 with a reason.
    const pad = await open(`/eval?token=${TOKENS.evalW01}`, SCREENS.pad);
    expect((await send(clerk, 'ticket:complete', { ticketId: called.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] })).ok).toBe(true);
    await pad.getByTestId('eval-rate').waitFor();
    await pad.locator('[data-level="2"]').click();
    await pad.getByTestId('eval-reason').waitFor();
    await pad.getByRole('button', { name: '等候时间太长' }).click();
    await pad.getByTestId('eval-submit').click();
    await pad.getByTestId('eval-thanks').waitFor();
    // The number left the notifier's table for the callback's, sealed under its own key.
    expect(h.server.db.prepare('SELECT COUNT(*) AS n FROM notify_contacts').get()).toEqual({ n: 0 });
    expect(h.server.db.prepare('SELECT phone_masked FROM callback_contacts').all()).toEqual([{ phone_masked: '138****5678' }]);
    await h.admin.tick();

    // The manager's 差评 list: masked, 显示号码, the callback form.
    const admin = await open('/admin', SCREENS.hd);
    await admin.fill('input[name=username]', 'admin');
    await admin.fill('input[name=password]', 'admin1234');
    await admin.click('button[type=submit]');
    await admin.locator('[data-tab="followups"]').click();
    const row = admin.getByTestId('followups').locator('tbody tr', { hasText: 'A003' });
    await row.waitFor();
    expect(await row.getByTestId('callback-phone').innerText()).toBe('138****5678');
    expect(await admin.locator('body').innerText()).not.toContain(PHONE);
    await fontsReady(admin);
    await shot(admin, GROUP, '06-admin-followups-masked');

    await row.getByTestId('reveal-phone').click();
    await poll(() => row.getByTestId('callback-phone').innerText()).toBe(PHONE);
    const token = await h.login('admin');
    const audit = (await h.api(token, 'GET', '/audit?targetKind=followup')).body.entries as { action: string; actorName: string; summary: string }[];
    expect(audit[0]).toMatchObject({ action: 'followup.revealPhone', actorName: '大厅管理员' });
    expect(audit[0]!.summary).toContain('A003');

    await row.getByTestId('followup-open').click();
    const form = admin.getByTestId('callback-form');
    await form.getByLabel('未接通').check();
    await admin.getByTestId('callback-note').fill('10:40 致电无人接听，下午再打');
    await admin.getByTestId('callback-submit').click();
    await poll(() => admin.getByTestId('callback-calls').innerText()).toContain('未接通，10:40 致电无人接听，下午再打');
    expect(await row.getByTestId('callback-cell').innerText()).toContain('已回访 1 次：未接通');
    await fontsReady(admin);
    await shot(admin, GROUP, '07-admin-callback-form');
    expect(await fitProblems(admin)).toEqual([]);

    // Reached and resolved: a final outcome deletes the number.
    await form.getByLabel('已解决').check();
    await admin.getByTestId('callback-note').fill('已联系，说明高峰时段已增开窗口，群众表示理解');
    await admin.getByTestId('callback-submit').click();
    await poll(() => row.getByTestId('callback-cell').innerText()).toContain('号码已删除');
    expect(h.server.db.prepare('SELECT COUNT(*) AS n FROM callback_contacts').get()).toEqual({ n: 0 });
    await fontsReady(admin);
    await shot(admin, GROUP, '08-admin-callback-resolved');
  }, 120_000);
});
