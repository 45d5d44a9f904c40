import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClerkSnapshot, TicketDetail } from '../protocol/views';
import { returnableNoShows } from '../server/realtime/snapshots';
import { collect, FakeClock, send, startTestHall, TOKENS, type TestHall, until } from './helpers/hall';

/**
 * The clerk terminal's two extras over the wire: the window's list of no-shows that may come back
 * (`noShows` in `window:update` and the snapshot), `ticket:return` putting one back behind the
 * configured number of others, and an out-of-turn call that carries its reason.
 */
type Update = Pick<ClerkSnapshot, 'queue' | 'noShows' | 'current'>;


describe('clerk extras: returning no-shows and out-of-turn calls', () => {
  let hall: TestHall;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock();
    hall = await startTestHall({ clock });
  });
  afterEach(async () => {
    await hall.stop();
  });

  /** Takes `n` 社保卡 tickets, one minute apart, and returns their ids. */
  async function take(kiosk: Socket, n: number): Promise<{ id: string; number: string }[]> {
    const out: { id: string; number: string }[] = [];
    for (let i = 0; i < n; i++) {
      const r = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
      expect(r.ok).toBe(true);
      out.push({ id: r.ticket.id, number: r.ticket.number });
      clock.advance(60_000);
    }
    return out;
  }

  /** Calls the next ticket, recalls it after the cooldown, and marks it a no-show. */
  async function noShowNext(clerk: Socket): Promise<string> {
    const c = await send(clerk, 'window:callNext', {});
    expect(c.ok).toBe(true);
    const settings = hall.server.hall.state.catalog.settings;
    for (let i = 1; i < settings.minCallsBeforeNoShow; i++) {
      clock.advance(settings.recallCooldownSeconds * 1000);
      expect((await send(clerk, 'ticket:recall', { ticketId: c.ticket.id })).ok).toBe(true);
    }
    const n = await send(clerk, 'ticket:noShow', { ticketId: c.ticket.id });
    expect(n).toMatchObject({ ok: true, ticket: { state: 'noShow' } });
    clock.advance(30_000);
    return c.ticket.id as string;
  }

  it('lists a no-show in the window update and puts it back behind the configured number of others', async () => {
    const settings = hall.server.hall.state.catalog.settings;
    const behind = settings.noShowReturnBehind;
    expect(behind).toBeGreaterThan(0);
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    const updates = collect<Update>(clerk, 'window:update');
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    const tickets = await take(kiosk, behind + 3);

    const missed = await noShowNext(clerk);
    expect(missed).toBe(tickets[0]!.id);
    await until(() => updates.at(-1)?.noShows?.some((t) => t.id === missed) === true);
    const listed = updates.at(-1)!.noShows!;
    expect(listed.map((t) => t.number)).toEqual([tickets[0]!.number]);
    expect(listed[0]).toMatchObject({ state: 'noShow', returns: 0 });

    // A clerk connecting now gets the same list in the snapshot.
    const { snapshot } = await hall.terminal(await hall.login('zhangwei'));
    expect((snapshot as ClerkSnapshot).noShows?.map((t) => t.id)).toEqual([missed]);

    const back = await send(clerk, 'ticket:return', { ticketId: missed });
    expect(back).toMatchObject({ ok: true, ticket: { id: missed, state: 'waiting' } });
    await until(() => updates.at(-1)?.queue.some((q) => q.ticket.id === missed) === true);
    const last = updates.at(-1)!;
    // Behind exactly `noShowReturnBehind` others, ahead of the rest; and off the list once returned.
    expect(last.queue.findIndex((q) => q.ticket.id === missed)).toBe(behind);
    expect(last.queue.slice(0, behind).map((q) => q.ticket.number)).toEqual(tickets.slice(1, 1 + behind).map((t) => t.number));
    expect(last.noShows).toEqual([]);
  });

  it('refuses a second return past the limit and stops listing the ticket', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    const updates = collect<Update>(clerk, 'window:update');
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    await take(kiosk, 1);
    const id = await noShowNext(clerk);
    expect((await send(clerk, 'ticket:return', { ticketId: id })).ok).toBe(true);
    const seen = updates.length;
    expect(await noShowNext(clerk)).toBe(id);
    const seq = hall.server.hall.seq;
    // The update that follows the second no-show: nobody at the window, and nothing left to return.
    await until(() => updates.length > seen && updates.at(-1)!.current === null && updates.at(-1)!.queue.length === 0);
    expect(hall.server.hall.state.tickets.get(id)).toMatchObject({ state: 'noShow', returns: 1 });
    expect(updates.at(-1)!.noShows).toEqual([]);
    const again = await send(clerk, 'ticket:return', { ticketId: id });
    expect(again).toMatchObject({ ok: false, error: { code: 'RETURN_LIMIT' } });
    expect(hall.server.hall.seq).toBe(seq);
  });

  it('lists a window only the no-shows it could serve, newest first', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    const updates = collect<Update>(clerk, 'window:update');
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    await take(kiosk, 3);
    const first = await noShowNext(clerk);
    const second = await noShowNext(clerk);
    await until(() => (updates.at(-1)?.noShows?.length ?? 0) === 2);
    expect(updates.at(-1)!.noShows!.map((t: TicketDetail) => t.id)).toEqual([second, first]);
    // A window whose skills do not reach the 社保卡 matter sees none of them.
    const state = hall.server.hall.state;
    const narrow = [...state.catalog.windows.values()].find(
      (w) => !w.comprehensive && !w.groupIds.includes('A') && !w.serviceIds.includes('svc-sscard'),
    );
    expect(narrow).toBeDefined();
    expect(returnableNoShows(state, narrow!.id)).toEqual([]);
    expect(returnableNoShows(state, 'w01').map((t) => t.id)).toEqual([second, first]);
  });

  it('calls a waiting ticket out of turn with its reason, and refuses "other" without a note', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    const tickets = await take(kiosk, 3);
    const seq = hall.server.hall.seq;
    const bare = await send(clerk, 'window:callTicket', { ticketId: tickets[2]!.id, reason: 'other', note: '  ' });
    expect(bare).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
    expect(hall.server.hall.seq).toBe(seq);
    const c = await send(clerk, 'window:callTicket', { ticketId: tickets[2]!.id, reason: 'green_channel', note: '行动不便' });
    expect(c).toMatchObject({ ok: true, ticket: { number: tickets[2]!.number, state: 'called' } });
    expect(c.reason.text).toBe('跳号叫号（绿色通道：行动不便）');
  });
});
