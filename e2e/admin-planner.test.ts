import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarPageView } from '../protocol/calendar';
import { startAdminHall, type AdminHall } from '../server/admin/test-support/admin-hall';
import { FakeClock } from '../test/helpers/hall';
import { buildAdminPage } from './admin-support';
import { fontsReady, launchChromium, openTerminal, shot, type Terminal } from './helpers/browser';

/** 排班测算 in Chromium on the demo hall's next Saturday (2026-11-28, sat-am 09:00–12:00 at w01–w04). */

const TUESDAY = Date.parse('2026-11-24T09:00:00+08:00');
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

async function shots(page: Page, name: string): Promise<void> {
  for (const s of SIZES) {
    await page.setViewportSize({ width: s.width, height: s.height });
    await fontsReady(page);
    await shot(page, 'admin-planner', `${name}-${s.name}`);
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
}

describe('the staffing planner in Chromium', () => {
  let h: AdminHall;
  let page: Page;
  let term: Terminal;
  beforeEach(async () => {
    h = await startAdminHall({ clock: new FakeClock(TUESDAY), webDir, hallOptions: { calendar: 'hall', schedulerEveryMs: 0 } });
    term = await openTerminal(browser, `${h.url}/admin#planner`, { width: 1920, height: 1080 });
    page = term.page;
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'admin1234');
    await page.click('button[type=submit]');
    await page.waitForSelector('.adm-nav');
  }, 60_000);
  afterEach(async () => {
    await term.context.close();
    await h.stop();
    expect(term.errors).toEqual([]);
  });

  it('opens the next Saturday, runs it, suggests a roster and saves it as the calendar roster of the day', async () => {
    await page.click('[data-tab=planner]');
    await page.waitForSelector('[data-testid=planner-roster]');
    expect(await page.inputValue('input[name=planner-date]')).toBe('2026-11-28');
    expect(await page.locator('[data-testid=planner-form]').innerText()).toContain('办事无休日');
    // No history in a fresh demo hall: the manager writes the expected tickets per hour (group A, 30 an hour).
    for (const hour of [9, 10, 11]) await page.fill(`input[name=rate-${hour}-A]`, '30');
    await page.fill('input[name=replications]', '30');
    await page.click('[data-testid=planner-run]');
    const figures = page.locator('[data-testid=planner-figures]');
    await figures.waitFor({ timeout: 60_000 });
    for (const hour of [9, 10, 11]) expect(await figures.locator(`tr[data-hour="${hour}"]`).count()).toBeGreaterThan(0);
    expect(await figures.innerText()).toContain('P90 等候');
    await shots(page, 'run');

    await page.click('[data-testid=planner-suggest]');
    const suggestion = page.locator('[data-testid=planner-suggestion]');
    await suggestion.waitFor({ timeout: 90_000 });
    expect(await suggestion.innerText()).toContain('复核达标');
    await suggestion.scrollIntoViewIfNeeded();
    await shots(page, 'suggestion');
    await page.click('[data-testid=planner-save]');
    await page.waitForSelector('[data-testid=planner-saved]');
    await shots(page, 'saved');

    const cal = (await h.api<{ calendar: CalendarPageView }>(await h.login('admin'), 'GET', '/calendar?month=2026-11')).body.calendar;
    const sat = cal.days.find((d) => d.date === '2026-11-28')!;
    expect(sat.shifts.length).toBeGreaterThan(0);
    expect(sat.shifts.every((s) => s.dated && s.id.startsWith('plan-2026-11-28'))).toBe(true);
    // The calendar tab shows the day with its new shifts.
    await page.click('[data-tab=calendar]');
    await page.waitForSelector('[data-testid=month-grid] [data-date="2026-11-28"]');
    expect(await page.locator('[data-date="2026-11-28"]').innerText()).toContain('测算排班');
  }, 240_000);
});
