import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarPageView } from '../protocol/calendar';
import { startAdminHall, type AdminHall } from '../server/admin/test-support/admin-hall';
import { FakeClock, rid } from '../test/helpers/hall';
import { buildAdminPage } from './admin-support';
import { fontsReady, launchChromium, openTerminal, shot, type Terminal } from './helpers/browser';

/** The manager's calendar in Chromium, against a hall server running its calendar (not always-open). */

const TUESDAY = Date.parse('2026-11-24T09:00:00+08:00');
const SUNDAY_930 = Date.parse('2026-11-29T09:30:00+08:00');
const SIZES = [
  { name: '1920', width: 1920, height: 1080 },
  { name: '1366', width: 1366, height: 768 },
] as const;

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

/** Screenshots of the whole page at both desk sizes the console is used at. */
async function shots(page: Page, name: string): Promise<void> {
  for (const s of SIZES) {
    await page.setViewportSize({ width: s.width, height: s.height });
    await fontsReady(page);
    await shot(page, 'admin-calendar', `${name}-${s.name}`);
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
}

/** Nothing sticks out sideways: the page does not scroll horizontally, no calendar cell overflows its box. */
async function fitsWidth(page: Page): Promise<void> {
  const overflow = (await page.evaluate(`(() => {
    const out = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push('page ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
    for (const el of document.querySelectorAll('.cal-day, .day-editor, .adm-card')) {
      if (el.scrollWidth > el.clientWidth + 1) out.push((el.getAttribute('data-date') || el.className) + ' ' + el.scrollWidth + ' > ' + el.clientWidth);
    }
    return out;
  })()`)) as string[];
  expect(overflow).toEqual([]);
}

describe('the calendar and roster editor in Chromium', () => {
  let h: AdminHall;
  let page: Page;
  let term: Terminal;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock(TUESDAY);
    h = await startAdminHall({ clock, webDir, hallOptions: { calendar: 'hall', schedulerEveryMs: 0 } });
    term = await openTerminal(browser, `${h.url}/admin#calendar`, { width: 1920, height: 1080 });
    page = term.page;
    await signIn(page);
    await page.click('[data-tab=calendar]');
    await page.waitForSelector('[data-testid=month-grid] [data-date="2026-11-29"]');
  });
  afterEach(async () => {
    await term.context.close();
    await h.stop();
    expect(term.errors).toEqual([]);
  });

  it('makes Sunday a 办事无休日 with a shift and its roster, refuses a bad entry in Chinese beside the field, and the hall serves the day', async () => {
    const sunday = page.locator('[data-testid=month-grid] [data-date="2026-11-29"]');
    expect(await sunday.innerText()).toContain('休息');
    expect(await page.locator('[data-date="2026-11-28"]').innerText()).toContain('周六上午班');
    expect(await page.locator('[data-date="2026-11-25"]').innerText()).toContain('延时服务至 18:30');
    await shots(page, 'month');
    await fitsWidth(page);

    await sunday.click();
    const editor = page.locator('[data-testid=day-editor]');
    expect(await editor.locator('[data-testid=statutory]').innerText()).toContain('周末');
    await editor.locator('[data-testid=add-day-shift]').click();
    const shift = editor.locator('[data-shift="d-2026-11-29"]');
    await shift.locator('[data-field="roster[2].name"]').fill('周日加班');
    await shift.locator('[data-pick="window:w01"]').check();
    await shift.locator('[data-pick="window:w02"]').check();
    // A bad entry: closing before opening, and nobody on the shift.
    await shift.locator('[data-field="roster[2].hours.close"]').fill('08:00');
    await editor.locator('[data-testid=save-day]').click();
    await expect.poll(() => shift.locator('[data-error-for="roster[2].hours.close"]').innerText()).toBe('结束时间须晚于开始时间');
    expect(await shift.locator('[data-error-for="roster[2].staffIds"]').innerText()).toBe('至少选择一名工作人员');
    expect(await page.locator('[data-testid=calendar-issues]').innerText()).toContain('班次「周日加班」 · 工作人员：至少选择一名工作人员');
    expect((await h.api(await h.login('admin'), 'GET', '/audit?targetKind=calendar')).body.entries).toHaveLength(0);
    await shift.locator('[data-field="roster[2].hours.close"]').scrollIntoViewIfNeeded();
    await shots(page, 'day-refused');

    await shift.locator('[data-field="roster[2].hours.close"]').fill('12:00');
    await shift.locator('[data-pick="staff:s-lina"]').check();
    await shift.locator('[data-pick="staff:s-wangfang"]').check();
    await shift.locator('input[type=radio]').nth(1).check();
    await shift.locator('[data-pick="service:svc-id-card"]').check();
    await shift.locator('[data-pick="service:svc-sscard"]').check();
    await editor.locator('[data-testid=save-day]').click();
    await expect.poll(() => page.locator('[data-testid=calendar-notice]').innerText()).toBe('2026-11-29 已保存');
    await expect.poll(() => sunday.innerText()).toContain('办事无休日');
    expect(await sunday.innerText()).toContain('周日加班');
    expect(await page.locator('[data-testid=calendar-issues]').count()).toBe(0);
    await shots(page, 'day-saved');

    // Through the server: the REST month, then the hall itself on that Sunday morning.
    const token = await h.login('admin');
    const month = (await h.api<{ calendar: CalendarPageView }>(token, 'GET', '/calendar?month=2026-11')).body.calendar;
    expect(month.days.find((d) => d.date === '2026-11-29')).toMatchObject({ dayKind: 'weekend-service', hours: ['9:00-12:00'], shifts: [{ name: '周日加班', dated: true }] });
    expect(month.config!.roster.find((s) => s.name === '周日加班')).toMatchObject({ windowIds: ['w01', 'w02'], staffIds: ['s-lina', 's-wangfang'], serviceIds: ['svc-id-card', 'svc-sscard'] });
    clock.t = SUNDAY_930;
    h.server.scheduler!.tick();
    const { snapshot } = await h.terminal('demo-kiosk-1-7d3f9c2a41');
    expect(snapshot.status).toMatchObject({ dayKind: 'weekend-service', open: true, issuing: true });
    expect(snapshot.status.banner).toContain('办事无休日');
    const lina = (await h.terminal(await h.login('lina'))).socket;
    expect((await lina.timeout(5000).emitWithAck('window:signIn', { requestId: rid(), windowId: 'w02' })).ok).toBe(true);
  });

  it('edits the roster on its grids and refuses a roster naming a clerk the hall does not have, beside the field', async () => {
    await page.click('[data-sub=roster]');
    const grid = page.locator('[data-testid=staff-matrix]');
    await grid.locator('[data-cell="staff:s-zhaolei:0"]').check();
    await page.click('[data-testid=save-roster]');
    await expect.poll(() => page.locator('[data-testid=calendar-notice]').innerText()).toBe('日历与排班已保存');
    const token = await h.login('admin');
    const saved = (await h.api<{ calendar: CalendarPageView }>(token, 'GET', '/calendar')).body.calendar.config!;
    expect(saved.roster[0]!.staffIds).toContain('s-zhaolei');
    await shots(page, 'roster');
    await fitsWidth(page);

    // The JSON fallback: a clerk id the hall does not have is refused by the server, named in Chinese.
    await page.click('[data-sub=raw]');
    const box = page.locator('[data-testid=raw-json] textarea');
    const text = await box.inputValue();
    await box.fill(text.replace('"s-zhaolei"', '"s-nobody"'));
    await page.click('[data-testid=save-raw]');
    await expect.poll(() => page.locator('[data-testid=calendar-issues]').innerText()).toContain('班次「周六上午班」 · 工作人员');
    expect(await page.locator('[data-testid=calendar-issues]').innerText()).toContain('工作人员 s-nobody 不存在');
    expect(await page.locator('[data-testid=calendar-notice]').innerText()).toMatch(/^日历配置无效：/);
    await shots(page, 'raw-refused');
  });

  it('renders the JSON fallback in the bundled Noto Sans SC, not the system monospace', async () => {
    await page.click('[data-sub=raw]');
    await fontsReady(page);
    // Ask Chromium which fonts it drew the box's text with.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodeId: areaId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-testid=raw-json] textarea' });
    // The text of a textarea is laid out in its user-agent shadow tree: ask about every node inside it.
    const { node } = await cdp.send('DOM.describeNode', { nodeId: areaId, depth: -1, pierce: true });
    const inner: number[] = [];
    const walk = (n: { backendNodeId: number; children?: unknown[]; shadowRoots?: unknown[] }) => {
      inner.push(n.backendNodeId);
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c as typeof n);
    };
    walk(node);
    const { nodeIds } = await cdp.send('DOM.pushNodesByBackendIdsToFrontend', { backendNodeIds: inner });
    const fonts: { familyName: string; glyphCount: number }[] = [];
    for (const id of nodeIds) {
      if (id) fonts.push(...(await cdp.send('CSS.getPlatformFontsForNode', { nodeId: id }).catch(() => ({ fonts: [] }))).fonts);
    }
    // The self-hosted face reports its full name (Noto Sans SC Thin: the variable font's base instance).
    const families = [...new Set(fonts.map((f) => f.familyName))];
    expect(families.some((f) => f.startsWith('Noto Sans SC'))).toBe(true);
    // Whatever this machine's generic `monospace` is (Debian's DejaVu Sans Mono, or the one face an npm
    // Chromium brings) may draw the ASCII; nothing else may draw anything in the box.
    await page.evaluate(`(() => {
      const probe = document.createElement('span');
      probe.id = 'mono-probe';
      probe.style.fontFamily = 'monospace';
      probe.textContent = '{"version": 1}';
      document.body.append(probe);
    })()`);
    const { nodeId: probeId } = await cdp.send('DOM.querySelector', { nodeId: (await cdp.send('DOM.getDocument', { depth: 0 })).root.nodeId, selector: '#mono-probe' });
    const mono = (await cdp.send('CSS.getPlatformFontsForNode', { nodeId: probeId })).fonts.map((f) => f.familyName);
    await page.evaluate(`document.getElementById('mono-probe')?.remove()`);
    expect(families.filter((f) => !f.startsWith('Noto Sans SC') && !mono.includes(f) && !/mono|courier|consol|menlo/i.test(f))).toEqual([]);
    await shots(page, 'raw');
  });
});
