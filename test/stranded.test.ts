import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { TakeResult, TicketStatusView } from '../protocol/views';
import { at } from '../server/calendar/test-fixtures';
import { collect, FakeClock, send, startTestHall, TOKENS, until, type TestHall } from './helpers/hall';

/**
 * Nobody stranded (issue 12): a ticket no staffed window can call is said to be so — on the kiosk's answer
 * and the status page, never "即将叫号" — and a clerk's transfer to a window nobody works needs confirming.
 */

let hall: TestHall | null = null;
afterEach(async () => {
  await hall?.stop();
  hall = null;
});

async function ticketStatus(url: string, id: string): Promise<TicketStatusView> {
  const res = await fetch(`${url}/api/tickets/${id}`);
  return ((await res.json()) as { ticket: TicketStatusView }).ticket;
}

async function clerkAt(h: TestHall, username: string, windowId: string): Promise<Socket> {
  const socket = (await h.terminal(await h.login(username))).socket;
  expect(await send(socket, 'window:signIn', { windowId })).toMatchObject({ ok: true });
  return socket;
}

describe('a matter no open window can serve', () => {
  it('is issued as unservable, with the time the roster opens a window that can (lunch on a Tuesday)', async () => {
    const clock = new FakeClock(at('2026-11-24 08:30'));
    hall = await startTestHall({ calendar: 'hall', clock, schedulerEveryMs: 0 });
    const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    clock.t = at('2026-11-24 12:20');
    // Only windows 1-4 stay open over lunch, none of them serves 投资项目 (group D).
    const r = (await send(kiosk, 'ticket:take', { serviceIds: ['svc-project-filing'] })) as { ok: true } & TakeResult;
    expect(r).toMatchObject({ ok: true, ahead: 0, servableNow: false, servableFrom: at('2026-11-24 13:30') });
    expect(await ticketStatus(hall.server.url, r.ticket.id)).toMatchObject({ state: 'waiting', servableNow: false, servableFrom: at('2026-11-24 13:30') });
  });

  it('says nobody can tell when a window is rostered now but nobody is signed in, and is servable once someone is', async () => {
    hall = await startTestHall();
    const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    await clerkAt(hall, 'zhangwei', 'w01');
    const r = (await send(kiosk, 'ticket:take', { serviceIds: ['svc-project-filing'] })) as { ok: true } & TakeResult;
    expect(r).toMatchObject({ ok: true, servableNow: false, servableFrom: null });
    // An ordinary matter at the same time is served by window 1.
    expect(await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).toMatchObject({ ok: true, servableNow: true, servableFrom: null });
    const dWindow = [...hall.server.hall.state.catalog.windows.values()].find((w) => w.groupIds.includes('D'))!;
    await clerkAt(hall, 'lina', dWindow.id);
    expect(await ticketStatus(hall.server.url, r.ticket.id)).toMatchObject({ servableNow: true, servableFrom: null });
  });
});

describe('a transfer to a window nobody works', () => {
  it('is refused with the reason, and goes through when the clerk confirms it', async () => {
    hall = await startTestHall();
    const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    const clerk = await clerkAt(hall, 'zhangwei', 'w01');
    const taken = (await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })) as { ok: true } & TakeResult;
    expect(await send(clerk, 'window:callNext', {})).toMatchObject({ ok: true, ticket: { number: 'A001' } });
    const refused = await send(clerk, 'ticket:transfer', { ticketId: taken.ticket.id, windowId: 'w05' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'TRANSFER_TARGET_UNSTAFFED' } });
    expect(refused.ok ? '' : refused.error.message).toContain('5号综合窗口当前无人值守');
    const ok = await send(clerk, 'ticket:transfer', { ticketId: taken.ticket.id, windowId: 'w05', acceptUnstaffed: true });
    expect(ok).toMatchObject({ ok: true, ticket: { state: 'waiting', targetWindowId: 'w05' } });
    expect(await ticketStatus(hall.server.url, taken.ticket.id)).toMatchObject({ servableNow: false });
  });
});

describe('one PC drives a window', () => {
  it('tells a second PC of the same clerk the window is in use, refuses its desk commands until it takes over, then tells the first', async () => {
    hall = await startTestHall();
    const token = await hall.login('zhangwei');
    const first = await clerkAt(hall, 'zhangwei', 'w01');
    const second = (await hall.terminal(token)).socket;
    const firstTold = collect<{ reason: string; windowId: string }>(first, 'window:elsewhere');
    const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    expect(await send(second, 'window:callNext', {})).toMatchObject({ ok: false, error: { code: 'WINDOW_IN_USE_ELSEWHERE' } });
    // The first PC goes on as before.
    const called = await send(first, 'window:callNext', {});
    expect(called).toMatchObject({ ok: true, ticket: { number: 'A001' } });
    // Taking over: the second signs in to the same window; the first is told and refused from then on.
    expect(await send(second, 'window:signIn', { windowId: 'w01' })).toMatchObject({ ok: true });
    await until(() => firstTold.length > 0);
    expect(firstTold[0]).toMatchObject({ reason: 'takenOver', windowId: 'w01' });
    const ticketId = called.ok ? (called.ticket as { id: string }).id : '';
    expect(await send(first, 'ticket:start', { ticketId })).toMatchObject({ ok: false, error: { code: 'WINDOW_IN_USE_ELSEWHERE' } });
    expect(await send(second, 'ticket:start', { ticketId })).toMatchObject({ ok: true, ticket: { state: 'serving' } });
  });

  it('lets the next PC carry on when the one that held the window went away', async () => {
    hall = await startTestHall();
    const token = await hall.login('zhangwei');
    const first = await clerkAt(hall, 'zhangwei', 'w01');
    first.disconnect();
    await new Promise((r) => setTimeout(r, 100));
    const second = (await hall.terminal(token)).socket;
    expect(await send(second, 'window:pause', { reason: 'break' })).toMatchObject({ ok: true });
  });
});
