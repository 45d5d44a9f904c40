import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openTerminal, SCREENS, shot, type Terminal } from './helpers/browser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, rid } from '../test/helpers/hall';
import { startAdminHall, type AdminHall } from '../server/admin/test-support/admin-hall';
import { playDay } from '../server/admin/test-support/play-day';
import { buildAdminPage } from './admin-support';

let webDir: string;
let browser: Browser;

beforeAll(async () => {
  webDir = await buildAdminPage();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(webDir, { recursive: true, force: true });
});

async function signIn(page: Page): Promise<void> {
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin1234');
  await page.click('button[type=submit]');
  await page.waitForSelector('.adm-nav');
}

describe('admin console in Chromium', () => {
  let h: AdminHall;
  let page: Page;
  let term: Terminal;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock(Date.parse('2026-11-24T09:00:00+08:00'));
    h = await startAdminHall({ clock, webDir });
    term = await openTerminal(browser, `${h.url}/admin`, SCREENS.desk);
    page = term.page;
  });
  afterEach(async () => {
    await term.context.close();
    await h.stop();
    expect(term.errors).toEqual([]);
  });

  it("signs in, changes a window's skills, and the next call follows them", async () => {
    const kiosk = (await h.terminal('demo-kiosk-1-7d3f9c2a41')).socket;
    const take = (serviceIds: string[]) => kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: rid(), serviceIds });
    const a = await take(['svc-sscard']);
    await take(['svc-invoice']);
    const clerk = (await h.terminal(await h.login('wangfang'))).socket;
    expect((await clerk.timeout(5000).emitWithAck('window:signIn', { requestId: rid(), windowId: 'w12' })).ok).toBe(true);

    await signIn(page);
    await page.click('[data-tab=windows]');
    await page.click('tr[data-window=w12] >> text=编辑');
    const editor = page.locator('[data-testid=window-editor]');
    await editor.locator('input[data-group=B]').uncheck();
    await editor.locator('input[data-service=svc-sscard]').check();
    await editor.locator('[data-testid=save-window]').click();
    await expect.poll(() => page.locator('tr[data-window=w12]').innerText()).toContain('社会保障卡申领');

    const call = await clerk.timeout(5000).emitWithAck('window:callNext', { requestId: rid() });
    expect(call.ok && call.ticket.number).toBe(a.ticket.number);
    // The live view shows w12 serving the ticket it called.
    await page.click('[data-tab=live]');
    await expect.poll(() => page.locator('[data-testid=live-windows] tr[data-window=w12] .current').innerText()).toBe(a.ticket.number);
    await page.click('[data-tab=audit]');
    await expect.poll(() => page.locator('[data-testid=audit]').innerText()).toContain('修改窗口「12号企业综合窗口」');
    await shot(page, 'admin', 'audit');
  });

  it('refuses a catalogue import with one bad row and names the row', async () => {
    const token = await h.login('admin');
    const exported = (await h.api(token, 'GET', '/catalog-export?format=json')).body as { services: Record<string, unknown>[] };
    exported.services[2] = { ...exported.services[2], groupId: 'Q' };
    await signIn(page);
    await page.click('[data-tab=catalog]');
    await page.click('[data-sub=io]');
    await page.setInputFiles('[data-testid=import-file]', { name: 'catalog.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await page.click('[data-testid=import]');
    const issues = page.locator('[data-testid=notice] [data-testid=issues]');
    await expect.poll(() => issues.innerText()).toContain('第 3 行');
    expect(await issues.innerText()).toContain('队列分组 Q 不存在');
    expect(await page.locator('[data-testid=notice]').innerText()).toContain('未导入任何数据');
    expect(h.server.hall.state.catalog.services.get(String(exported.services[2]!.id))?.groupId).not.toBe('Q');
    await shot(page, 'admin', 'import-refused');
  });

  it('exports a report whose figures match the day played through the server', async () => {
    await playDay(h, clock);
    await signIn(page);
    await page.click('[data-tab=reports]');
    await page.fill('input[name=from]', '2026-11-24');
    await page.fill('input[name=to]', '2026-11-24');
    await page.click('[data-testid=run-report]');
    await expect.poll(() => page.locator('[data-testid=report-table] tr[data-row=total]').innerText()).toContain('50%');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    const total = csv.find((l) => l.startsWith('合计'))!.split(',');
    // Worked out by hand in server/admin/test-support/play-day.ts: taken 5, served 4, 1 no-show, 1 transfer,
    // waits 1, 7, 15, 1 (mean 6, p90 15), handling 10, 12, 8, 5 (mean 8.75), 非常满意 1, 不满意 1 → 50 %.
    expect(total.slice(0, 8)).toEqual(['合计', '5', '4', '1', '1', '6', '15', '8.8']);
    expect(total.slice(8, 13)).toEqual(['1', '0', '0', '1', '0']);
    expect(total[15]).toBe('50');
    expect(await page.locator('[data-testid=bad-ratings]').innerText()).toContain('A001');
    await page.setViewportSize({ width: 1600, height: 2400 });
    await shot(page, 'admin', 'report');
    await page.click('[data-tab=live]');
    await page.waitForSelector('[data-testid=live]');
    await shot(page, 'admin', 'live');
  });
});
