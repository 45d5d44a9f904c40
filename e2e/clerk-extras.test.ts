import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, send, startTestHall, TOKENS, type TestHall } from '../test/helpers/hall';
import { fontsReady, launchChromium, openTerminal, SCREENS, shot, type Terminal } from './helpers/browser';
import { buildTerminals } from './helpers/web';

/**
 * The clerk terminal's 跳号叫号 and 过号重排 in real Chromium against a real hall server: a clerk calls a
 * waiting ticket out of turn through the reason dialog, from the keyboard; later marks a ticket a no-show
 * and puts it back in line when the citizen turns up, and is told where it now stands.
 */
const GROUP = 'clerk-extras';

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

describe('clerk extras in the browser', () => {
  let hall: TestHall;
  let browser: Browser;
  let clock: FakeClock;
  const terminals: Terminal[] = [];

  beforeAll(async () => {
    const webDir = await buildTerminals();
    // The hall's own clock, moved by hand: a no-show needs a recall, and a recall waits for the cooldown.
    clock = new FakeClock(Date.parse('2026-11-24T09:00:00+08:00'));
    hall = await startTestHall({ webDir, clock });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.stop();
  });

  async function open(path: string): Promise<Page> {
    const t = await openTerminal(browser, `${hall.server.url}${path}`, SCREENS.desk);
    terminals.push(t);
    return t.page;
  }

  async function take(kiosk: Socket, n: number): Promise<string[]> {
    const numbers: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
      expect(r.ok).toBe(true);
      numbers.push(r.ticket.number);
      clock.advance(60_000);
    }
    return numbers;
  }

  it('calls a ticket out of turn with a reason, and puts a no-show back in line', async () => {
    const settings = hall.server.hall.state.catalog.settings;
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const numbers = await take(kiosk, 6);
    expect(numbers).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006']);

    const clerk = await open('/clerk');
    await clerk.fill('input[name=username]', 'zhangwei');
    await clerk.fill('input[name=password]', 'demo1234');
    await clerk.getByRole('button', { name: '登录' }).click();
    await clerk.locator('[data-window="w01"]').click();
    await poll(() => clerk.getByTestId('servable').innerText()).toBe('6');
    await fontsReady(clerk);
    await shot(clerk, GROUP, '01-queue-with-call-out');

    // 跳号叫号, keyboard only: Tab reaches the row's button, Enter opens the dialog, 3 is 其他.
    const a004 = [...hall.server.hall.state.tickets.values()].find((t) => t.number === 'A004')!;
    await clerk.locator(`[data-call-ticket="${a004.id}"]`).focus();
    await clerk.keyboard.press('Enter');
    await clerk.getByRole('dialog').waitFor();
    await poll(() => clerk.evaluate('document.activeElement?.getAttribute("data-oot-reason")')).toBe('green_channel');
    await clerk.keyboard.press('3');
    // 其他 takes the focus to the note, and nothing can be confirmed without it.
    await poll(() => clerk.evaluate('document.activeElement?.getAttribute("name")')).toBe('note');
    expect(await clerk.getByTestId('dialog-confirm').isDisabled()).toBe(true);
    await clerk.keyboard.press('Enter');
    expect(hall.server.hall.state.tickets.get(a004.id)!.state).toBe('waiting');
    await fontsReady(clerk);
    await shot(clerk, GROUP, '02-dialog-other-needs-note');
    await clerk.keyboard.type('陪同残疾人，工作人员引导');
    expect(await clerk.getByTestId('dialog-confirm').isDisabled()).toBe(false);
    await fontsReady(clerk);
    await shot(clerk, GROUP, '03-dialog-with-note');
    await clerk.keyboard.press('Enter');
    await poll(() => clerk.getByTestId('current-number').innerText()).toBe('A004');
    await poll(() => clerk.getByTestId('notice').innerText()).toBe('已呼叫 A004：跳号叫号（其他：陪同残疾人，工作人员引导）');
    // While a ticket is at the window no other may be called out of turn.
    expect(await clerk.locator('[data-call-ticket]').first().isDisabled()).toBe(true);
    await fontsReady(clerk);
    await shot(clerk, GROUP, '04-called-out-of-turn');
    // The hall logged the reason with the call.
    const called = hall.server.db.prepare("SELECT payload FROM events WHERE type = 'TicketCalled'").all() as { payload: string }[];
    expect(called.map((r) => JSON.parse(r.payload).outOfTurn)).toEqual([{ reason: 'other', note: '陪同残疾人，工作人员引导' }]);

    await clerk.keyboard.press('F3');
    await poll(() => clerk.getByTestId('current-ticket').innerText()).toContain('办理中');
    await clerk.keyboard.press('F4');
    await clerk.getByRole('dialog').waitFor();
    await clerk.keyboard.press('Enter');
    await clerk.getByTestId('current-empty').waitFor();

    // A001 is called, called again after the cooldown, and does not come: 过号.
    await clerk.keyboard.press('F1');
    await poll(() => clerk.getByTestId('current-number').innerText()).toBe('A001');
    for (let i = 1; i < settings.minCallsBeforeNoShow; i++) {
      clock.advance(settings.recallCooldownSeconds * 1000);
      await clerk.keyboard.press('F2');
      await poll(() => clerk.getByTestId('notice').innerText()).toBe('已重呼 A001');
    }
    await clerk.keyboard.press('F5');
    await poll(() => clerk.getByTestId('notice').innerText()).toBe('已标记过号');
    await clerk.getByTestId('current-empty').waitFor();
    await poll(() => clerk.getByTestId('no-shows').innerText()).toContain('A001');
    expect(await clerk.getByTestId('no-shows').innerText()).toContain('过号待重排 1');
    await fontsReady(clerk);
    await shot(clerk, GROUP, '05-no-show-listed');

    // The citizen turns up: 重新排队 puts A001 behind the hall's configured number of others.
    await clerk.getByRole('button', { name: 'A001 重新排队' }).click();
    const behind = settings.noShowReturnBehind;
    await poll(() => clerk.getByTestId('notice').innerText()).toBe(`A001 已重新排队：本窗口第 ${behind + 1} 位（前面 ${behind} 人）`);
    await poll(() => clerk.getByTestId('no-shows').count()).toBe(0);
    const order = await clerk.locator('[data-testid="queue"] .q-number').allInnerTexts();
    const others = ['A002', 'A003', 'A005', 'A006'];
    expect(order).toEqual([...others.slice(0, behind), 'A001', ...others.slice(behind)]);
    await fontsReady(clerk);
    await shot(clerk, GROUP, '06-returned-in-line');

    for (const t of terminals) expect(t.errors).toEqual([]);
  });
});
