import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHall, TOKENS, type TestHall } from '../test/helpers/hall';
import { announcements, fontsReady, launchChromium, openTerminal, SCREENS, shot, type Terminal } from './helpers/browser';
import { buildTerminals } from './helpers/web';

/**
 * A morning in the hall, in real Chromium against a real hall server: a citizen takes a ticket on the
 * kiosk, the clerk sees it and calls it, the hall display shows the call and announces it, the window
 * screen shows it, the clerk completes it, the evaluation pad takes a rating, the phone page follows.
 */
const GROUP = 'hall-morning';

/** Polls up to 15 s: a terminal in a slow CI takes its time. */
const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

describe('a hall morning in the browser', () => {
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

  async function open(path: string, screen: { width: number; height: number }): Promise<Page> {
    const t = await openTerminal(browser, `${hall.server.url}${path}`, screen);
    terminals.push(t);
    return t.page;
  }

  it('serves a citizen from the kiosk to the evaluation pad', async () => {
    const kiosk = await open(`/kiosk?token=${TOKENS.kiosk2}`, SCREENS.kioskPortrait);
    const display = await open(`/display?token=${TOKENS.display}`, SCREENS.hd);
    const screen = await open(`/display?token=${TOKENS.screenW01}`, SCREENS.hd);
    const pad = await open(`/eval?token=${TOKENS.evalW01}`, SCREENS.pad);
    const clerk = await open('/clerk', SCREENS.desk);

    // The token leaves the address bar once the page has it.
    await kiosk.getByTestId('kiosk-home').waitFor();
    expect(kiosk.url()).not.toContain('token=');
    await fontsReady(kiosk);
    await shot(kiosk, GROUP, '01-kiosk-home');

    // Find 社会保障卡申领 by its pinyin initials on the screen keys.
    await kiosk.getByTestId('open-search').click();
    for (const k of ['S', 'B', 'K']) await kiosk.locator(`[data-key="${k}"]`).click();
    await kiosk.locator('[data-choice="svc-sscard"]').click();
    await poll(() => kiosk.getByTestId('materials').innerText()).toContain('居民身份证');
    await fontsReady(kiosk);
    await shot(kiosk, GROUP, '02-kiosk-materials');
    await kiosk.locator('[data-priority="elderly"]').click();
    await kiosk.getByTestId('take').click();
    await kiosk.getByTestId('ticket-number').waitFor();
    expect(await kiosk.getByTestId('ticket-number').innerText()).toBe('A001');
    expect(await kiosk.getByTestId('ticket-ahead').innerText()).toBe('0');
    const statusUrl = await kiosk.locator('[data-qr-text]').getAttribute('data-qr-text');
    expect(statusUrl).toMatch(/\/t\/[A-Za-z0-9_-]+$/);
    await kiosk.locator('[data-qr-text] svg').waitFor();
    expect(await kiosk.getByTestId('print-status').innerText()).toContain('以屏幕上的号码为准');
    await fontsReady(kiosk);
    await shot(kiosk, GROUP, '03-kiosk-ticket');

    // The clerk signs in, picks window 1, and sees the ticket with the reason it goes first.
    await clerk.fill('input[name=username]', 'zhangwei');
    await clerk.fill('input[name=password]', 'demo1234');
    await clerk.getByRole('button', { name: '登录' }).click();
    await clerk.locator('[data-window="w01"]').click();
    await poll(() => clerk.getByTestId('servable').innerText()).toBe('1');
    expect(await clerk.getByTestId('next-reason').innerText()).toContain('A001');
    await fontsReady(clerk);
    await shot(clerk, GROUP, '04-clerk-queue');

    await clerk.keyboard.press('F1');
    await poll(() => clerk.getByTestId('current-number').innerText()).toBe('A001');
    expect(await clerk.getByTestId('current-ticket').innerText()).toContain('社会保障卡申领');
    expect(await clerk.getByTestId('materials-checklist').innerText()).toContain('居民身份证');
    // A recall right away is refused (the hall's cooldown, 15 s), and the clerk is told why: asked at
    // once after the call, before the announcement's ten seconds, so a slow machine stays inside it.
    await clerk.keyboard.press('F2');
    await poll(() => clerk.getByTestId('notice').innerText()).toMatch(/秒后再重呼/);

    // The hall display shows the call and announces it; the window screen shows it too.
    await poll(() => display.getByTestId('latest-call').innerText()).toMatch(/A001[\s\S]*1\s*号窗口/);
    await poll(async () => (await announcements(display)).map((a) => a.text)).toEqual(['请 A001 号 到 1 号窗口']);
    // Chime, then the sentence twice: about ten seconds of voice.
    await poll(async () => (await announcements(display))[0]?.endedAt ?? 0, 40_000).toBeGreaterThan(0);
    expect((await announcements(display))[0]!.mode).toBe('pack');
    await fontsReady(display);
    await shot(display, GROUP, '05-display-call');
    await poll(() => screen.getByTestId('window-ticket').innerText()).toBe('A001');
    await fontsReady(screen);
    await shot(screen, GROUP, '06-window-screen-call');
    expect(await announcements(screen)).toEqual([]);

    await clerk.keyboard.press('F3');
    await poll(() => clerk.getByTestId('current-ticket').innerText()).toContain('办理中');
    await fontsReady(clerk);
    await shot(clerk, GROUP, '07-clerk-serving');
    await clerk.keyboard.press('F4');
    await clerk.getByRole('dialog').waitFor();
    await shot(clerk, GROUP, '08-clerk-complete-dialog');
    await clerk.keyboard.press('Enter');
    await clerk.getByTestId('current-empty').waitFor();
    await poll(() => clerk.getByTestId('fig-served').innerText()).toBe('1');

    // The evaluation pad of window 1 asks, takes a rating once, thanks.
    await pad.getByTestId('eval-rate').waitFor();
    expect(await pad.getByTestId('eval-staff').innerText()).toBe('张伟');
    await fontsReady(pad);
    await shot(pad, GROUP, '09-eval-rate');
    await pad.locator('[data-level="5"]').click();
    await pad.getByTestId('eval-thanks').waitFor();
    await shot(pad, GROUP, '10-eval-thanks');
    const rated = hall.server.db.prepare('SELECT evaluation_level FROM cases').all();
    expect(rated).toEqual([{ evaluation_level: 5 }]);

    // The window screen goes back to waiting; the clerk's figures count the rating.
    await poll(() => screen.getByTestId('window-state').innerText()).toContain('欢迎办理');
    await poll(() => clerk.getByTestId('figures').innerText()).toContain('100');
    await shot(clerk, GROUP, '11-clerk-figures');

    // The citizen's phone follows the ticket through the QR code.
    const phone = await open(new URL(statusUrl!).pathname, SCREENS.phone);
    await poll(() => phone.getByTestId('status-state').innerText()).toBe('已办结');
    expect(await phone.getByTestId('status-number').innerText()).toBe('A001');
    await fontsReady(phone);
    await shot(phone, GROUP, '12-phone-status');

    // Nothing of the last citizen is left once the kiosk is done with them.
    await kiosk.getByTestId('ticket-done').click();
    await kiosk.getByTestId('kiosk-home').waitFor();
    expect(await kiosk.locator('body').innerText()).not.toContain('A001');

    for (const t of terminals) expect(t.errors).toEqual([]);
  });
});
