import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { LiveView } from '../protocol/admin';
import type { TakeResult, TicketStatusView } from '../protocol/views';
import { at } from '../server/calendar/test-fixtures';
import { FakeClock, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

/**
 * One answer to "can anyone serve this, and from when?" (issue 12): the take answer, the ticket's status
 * page, its wait estimate and the admin live view's stranded list say the same — including a ticket only
 * a paused window serves (servable: the clerk comes back) and one transferred to a window nobody works
 * (not servable, although other windows serve its matters).
 */

let hall: TestHall | null = null;
afterEach(async () => {
  await hall?.stop();
  hall = null;
});

interface Said {
  servableNow: boolean;
  servableFrom: number | null;
}

async function clerkAt(h: TestHall, username: string, windowId: string): Promise<Socket> {
  const socket = (await h.terminal(await h.login(username))).socket;
  expect(await send(socket, 'window:signIn', { windowId })).toMatchObject({ ok: true });
  return socket;
}

/** What every place says about a ticket, once the estimate has one (the take's probe or the next batch). */
async function everyAnswer(h: TestHall, adminToken: string, ticketId: string): Promise<{ status: Said; estimate: Said; live: Said }> {
  let status: TicketStatusView | null = null;
  for (let i = 0; i < 50; i++) {
    status = ((await (await fetch(`${h.server.url}/api/tickets/${ticketId}`)).json()) as { ticket: TicketStatusView }).ticket;
    if (status.estimateRange) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const range = status!.estimateRange!;
  const res = await fetch(`${h.server.url}/api/admin/live`, { headers: { authorization: `Bearer ${adminToken}` } });
  const live = ((await res.json()) as { live: LiveView }).live;
  const stranded = live.stranded.find((s) => s.ticketId === ticketId);
  const row = live.waiting.find((w) => w.ticketId === ticketId)!;
  expect(row.stranded).toBe(!!stranded);
  return {
    status: { servableNow: status!.servableNow, servableFrom: status!.servableFrom },
    estimate: { servableNow: !range.noWindow, servableFrom: range.servableFrom },
    live: { servableNow: !stranded, servableFrom: stranded?.servableFrom ?? null },
  };
}

function agree(answers: { status: Said; estimate: Said; live: Said }, expected: Said): void {
  expect(answers).toEqual({ status: expected, estimate: expected, live: expected });
}

describe('one servability answer', () => {
  it('a matter no staffed window serves over lunch: unservable everywhere, every place says the window opens at 13:30', async () => {
    const clock = new FakeClock(at('2026-11-24 08:30'));
    hall = await startTestHall({ calendar: 'hall', clock, schedulerEveryMs: 0 });
    const admin = await hall.login('admin', 'admin1234');
    const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    clock.t = at('2026-11-24 12:20');
    const taken = (await send(kiosk, 'ticket:take', { serviceIds: ['svc-project-filing'] })) as { ok: true } & TakeResult;
    const expected = { servableNow: false, servableFrom: at('2026-11-24 13:30') };
    expect({ servableNow: taken.servableNow, servableFrom: taken.servableFrom }).toEqual(expected);
    expect(taken.estimateRange).toMatchObject({ noWindow: true, servableFrom: expected.servableFrom });
    agree(await everyAnswer(hall, admin, taken.ticket.id), expected);
  });

  it('a matter only a paused window serves: servable everywhere (the clerk comes back), the estimate does not say no window', async () => {
    hall = await startTestHall({ clock: new FakeClock() });
    const admin = await hall.login('admin', 'admin1234');
    const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    const clerk = await clerkAt(hall, 'zhangwei', 'w16');
    expect(await send(clerk, 'window:pause', { reason: 'break' })).toMatchObject({ ok: true });
    const taken = (await send(kiosk, 'ticket:take', { serviceIds: ['svc-pickup'] })) as { ok: true } & TakeResult;
    expect(taken).toMatchObject({ servableNow: true, estimateRange: { noWindow: false } });
    agree(await everyAnswer(hall, admin, taken.ticket.id), { servableNow: true, servableFrom: null });
  });

  it('a ticket transferred to a window nobody works: stranded everywhere, though open windows serve its matters', async () => {
    hall = await startTestHall({ clock: new FakeClock() });
    const admin = await hall.login('admin', 'admin1234');
    const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    const clerk = await clerkAt(hall, 'zhangwei', 'w01');
    const taken = (await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })) as { ok: true } & TakeResult;
    await send(clerk, 'window:callNext', {});
    expect(await send(clerk, 'ticket:transfer', { ticketId: taken.ticket.id, windowId: 'w05', acceptUnstaffed: true })).toMatchObject({ ok: true });
    agree(await everyAnswer(hall, admin, taken.ticket.id), { servableNow: false, servableFrom: null });
    // Where the manager can reassign it: the windows that serve its matters, window 1 (staffed) among them.
    const res = await fetch(`${hall.server.url}/api/admin/live`, { headers: { authorization: `Bearer ${admin}` } });
    const live = ((await res.json()) as { live: LiveView }).live;
    expect(live.stranded[0]!.matterWindows.map((w) => w.id)).toContain('w01');
  });
});
