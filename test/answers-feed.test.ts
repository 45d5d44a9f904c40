import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answered, CommandAnswer } from '../protocol/answers';
import type { CommandName, CommandPayload } from '../protocol/commands';
import type { EventsPage, HallEventPush } from '../protocol/pushes';
import { collect, FakeClock, rid, startTestHall, TOKENS, type TestHall, until } from './helpers/hall';

/**
 * What an integrator lines up: every answer's `seq` against the pushed feed, the times no-show, return,
 * cancel and evaluation answers carry, a return's new place, and the event log read back over REST.
 */

/** Gives a command and insists it went through: the ok answer, typed as the protocol types it. */
async function ok<C extends CommandName>(socket: Socket, name: C, payload: Omit<CommandPayload<C>, 'requestId'> & { requestId?: string }): Promise<Answered<C>> {
  const answer: CommandAnswer<C> = await socket.timeout(10_000).emitWithAck(name, { requestId: rid(), ...payload });
  if (!answer.ok) throw new Error(`${name} refused: ${answer.error.code} ${answer.error.message}`);
  return answer;
}

describe('answers and the feed', () => {
  let hall: TestHall;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock();
    hall = await startTestHall({ clock });
  });
  afterEach(async () => {
    await hall.stop();
  });

  /** The event a feed holds at a seq, once it has arrived. */
  async function at(feed: HallEventPush[], seq: number): Promise<HallEventPush['event']> {
    await until(() => feed.some((p) => p.seq === seq));
    return feed.find((p) => p.seq === seq)!.event;
  }

  it('answers with the seq of the last event caused, the feed holding that event at that seq', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    const publicFeed = collect<HallEventPush>(kiosk, 'hall:event');
    const staffFeed = collect<HallEventPush>(clerk, 'hall:event');

    const signedIn = await ok(clerk, 'window:signIn', { windowId: 'w01' });
    expect(signedIn.seq).toBe(hall.server.hall.seq);
    expect(await at(staffFeed, signedIn.seq)).toMatchObject({ type: 'WindowSignedIn', windowId: 'w01' });

    const taken = await ok(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], idNumber: '330106194901011232' });
    expect(taken.seq).toBe(signedIn.seq + 1);
    const pushedTake = await at(publicFeed, taken.seq);
    expect(pushedTake).toMatchObject({ type: 'TicketTaken', ticket: { id: taken.ticket.id, number: taken.ticket.number } });
    // The public variant carries no applicant data; the staff variant only the clerk's masked view.
    expect(JSON.stringify(pushedTake)).not.toMatch(/idMasked|applicant|birth/);
    expect(await at(staffFeed, taken.seq)).toMatchObject({ type: 'TicketTaken', ticket: { idMasked: '3301**********1232' } });
    expect(JSON.stringify(staffFeed)).not.toMatch(/idHash|phoneHash|birthDate/);

    clock.advance(60_000);
    const called = await ok(clerk, 'window:callNext', {});
    expect(called.ticket?.id).toBe(taken.ticket.id);
    expect(await at(publicFeed, called.seq)).toMatchObject({ type: 'TicketCalled', ticketId: taken.ticket.id, windowId: 'w01' });

    // A repeat does nothing twice and answers the current seq, which already covers the first answer's events.
    const requestId = rid();
    const started = await ok(clerk, 'ticket:start', { requestId, ticketId: taken.ticket.id });
    const other = await ok(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    const repeated = await ok(clerk, 'ticket:start', { requestId, ticketId: taken.ticket.id });
    expect(repeated.ticket).toEqual(started.ticket);
    expect(repeated.seq).toBe(other.seq);
    expect(hall.server.hall.seq).toBe(other.seq);

    // Every ok answer's seq names an event the feed carried, in order.
    const seqs = publicFeed.map((p) => p.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    for (const s of [taken.seq, called.seq, started.seq, other.seq]) expect(seqs).toContain(s);
  });

  it('gives the time of a no-show, a return and a cancellation, and the returned ticket its place', async () => {
    const settings = hall.server.hall.state.catalog.settings;
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    const feed = collect<HallEventPush>(kiosk, 'hall:event');
    await ok(clerk, 'window:signIn', { windowId: 'w01' });
    const tickets = [];
    for (let i = 0; i < settings.noShowReturnBehind + 3; i++) {
      tickets.push((await ok(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ticket);
      clock.advance(60_000);
    }
    const called = await ok(clerk, 'window:callNext', {});
    const missed = called.ticket!;
    for (let i = 1; i < settings.minCallsBeforeNoShow; i++) {
      clock.advance(settings.recallCooldownSeconds * 1000);
      await ok(clerk, 'ticket:recall', { ticketId: missed.id });
    }
    clock.advance(5_000);
    const noShow = await ok(clerk, 'ticket:noShow', { ticketId: missed.id });
    expect(noShow.at).toBe(clock.now());
    expect(await at(feed, noShow.seq)).toMatchObject({ type: 'TicketNoShow', at: noShow.at });

    clock.advance(30_000);
    const back = await ok(kiosk, 'ticket:return', { ticketId: missed.id });
    expect(back.at).toBe(clock.now());
    expect(back.ticket.state).toBe('waiting');
    // Behind the configured number of others: exactly that many of its group go before it.
    expect(back.ahead).toBe(settings.noShowReturnBehind);
    expect(await at(feed, back.seq)).toMatchObject({ type: 'TicketReturned', at: back.at, ticketId: missed.id });
    // The ticket's public status page says the same.
    const status = (await (await fetch(`${hall.server.url}/api/tickets/${missed.id}`)).json()) as { ticket: { ahead: number } };
    expect(status.ticket.ahead).toBe(back.ahead);

    clock.advance(10_000);
    const last = tickets.at(-1)!;
    // A waiting ticket is the manager's to cancel (a clerk cancels only at his window).
    const { socket: manager } = await hall.terminal(await hall.login('admin', 'admin1234'));
    const cancelled = await ok(manager, 'ticket:cancel', { ticketId: last.id, reason: '群众取消' });
    expect(cancelled.at).toBe(clock.now());
    expect(cancelled.ticket.state).toBe('cancelled');
    const pushedCancel = await at(feed, cancelled.seq);
    expect(pushedCancel).toEqual({ type: 'TicketCancelled', at: cancelled.at, ticketId: last.id });
  });

  it('gives the time of an evaluation and the cases it was bound to', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    const { socket: pad } = await hall.terminal(TOKENS.evalW01);
    await ok(clerk, 'window:signIn', { windowId: 'w01' });
    const taken = await ok(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    await ok(clerk, 'window:callNext', {});
    await ok(clerk, 'ticket:start', { ticketId: taken.ticket.id });
    const done = await ok(clerk, 'ticket:complete', { ticketId: taken.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] });
    clock.advance(20_000);
    const rated = await ok(pad, 'evaluation:submit', { ticketId: taken.ticket.id, level: 5, comment: '' });
    expect(rated).toMatchObject({ caseIds: done.caseIds, at: clock.now(), seq: hall.server.hall.seq });
  });

  it('reads the public feed back after any seq, paged, for admins only', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const admin = await hall.login('admin', 'admin1234');
    const clerk = await hall.login('zhangwei');
    const first = await ok(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], idNumber: '330106194901011232', phone: '13812345678' });
    for (let i = 0; i < 4; i++) await ok(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    const get = (query: string, token?: string) =>
      fetch(`${hall.server.url}/api/events${query}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

    expect((await get('?after=0')).status).toBe(401);
    expect((await get('?after=0', clerk)).status).toBe(403);
    expect((await get('?after=-1', admin)).status).toBe(400);
    expect((await get('?limit=5000', admin)).status).toBe(400);

    const after = first.seq - 1;
    const pages: EventsPage[] = [];
    let next = after;
    for (;;) {
      const page = (await (await get(`?after=${next}&limit=2`, admin)).json()) as EventsPage;
      pages.push(page);
      next = page.next;
      if (!page.more) break;
    }
    expect(pages.map((p) => p.events.length)).toEqual([2, 2, 1]);
    const events = pages.flatMap((p) => p.events);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5].map((i) => after + i));
    expect(events[0]!.event).toMatchObject({ type: 'TicketTaken', ticket: { id: first.ticket.id } });
    expect(JSON.stringify(events)).not.toMatch(/idMasked|phoneMasked|applicant|birth|138/);
    expect(pages.at(-1)).toMatchObject({ next: hall.server.hall.seq, more: false, lastSeq: hall.server.hall.seq });

    // After the end: nothing, and `next` stays where it was asked.
    const empty = (await (await get(`?after=${hall.server.hall.seq}`, admin)).json()) as EventsPage;
    expect(empty).toMatchObject({ ok: true, events: [], next: hall.server.hall.seq, more: false });
  });
});
