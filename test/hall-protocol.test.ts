import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallView, ClerkSnapshot, HallEventPush, KioskSnapshot } from '../protocol/views';
import { collect, FakeClock, rid, send, startTestHall, TOKENS, type TestHall, until } from './helpers/hall';

describe('hall server protocol', () => {
  let hall: TestHall;
  beforeEach(async () => {
    hall = await startTestHall();
  });
  afterEach(async () => {
    await hall.stop();
  });

  it('plays a morning: a kiosk takes tickets, two clerks call and complete them, the display sees every call in order', async () => {
    const { socket: kiosk, snapshot: ks } = await hall.terminal(TOKENS.kiosk);
    expect(ks.role).toBe('kiosk');
    expect((ks as KioskSnapshot).catalog.services.length).toBeGreaterThanOrEqual(30);
    const { socket: display } = await hall.terminal(TOKENS.display);
    const calls = collect<CallView & { seq: number }>(display, 'call');
    const events = collect<HallEventPush>(display, 'hall:event');

    const clerkA = (await hall.terminal(await hall.login('zhangwei'))).socket;
    const clerkB = (await hall.terminal(await hall.login('lina'))).socket;
    expect((await send(clerkA, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    expect((await send(clerkB, 'window:signIn', { windowId: 'w02' })).ok).toBe(true);

    const numbers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      numbers.push(r.ticket.number);
      expect(r.ahead).toBe(i);
      expect(r.print.statusUrl).toContain(`/t/${r.ticket.id}`);
    }
    expect(numbers).toEqual(['A001', 'A002', 'A003', 'A004']);

    const called: string[] = [];
    for (const clerk of [clerkA, clerkB, clerkA, clerkB]) {
      const c = await send(clerk, 'window:callNext', {});
      expect(c.ok).toBe(true);
      if (!c.ok) return;
      called.push(c.ticket.number);
      expect((await send(clerk, 'ticket:start', { ticketId: c.ticket.id })).ok).toBe(true);
      const done = await send(clerk, 'ticket:complete', { ticketId: c.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] });
      expect(done.ok).toBe(true);
      if (done.ok) expect(done.caseId).toMatch(/^330106\d{8}\d{5}$/);
    }
    expect(called).toEqual(numbers);
    await until(() => calls.length === 4);
    expect(calls.map((c) => c.number)).toEqual(numbers);
    expect(calls.map((c) => c.windowNumber)).toEqual([1, 2, 1, 2]);
    // A display's feed is its events and its calls together (a call takes the place of the feed's copy):
    // seq rises by one per event, with no gap, and public events carry no applicant data.
    const seqs = [...events.map((e) => e.seq), ...calls.map((c) => c.seq)].sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(events.filter((e) => e.event.type === 'TicketCalled')).toEqual([]);
    expect(JSON.stringify(events)).not.toContain('applicant');
    const empty = await send(clerkA, 'window:callNext', {});
    expect(empty.ok && empty.ticket).toBe(null);
  });

  it('sends a display one message per call (the call, with its seq) and the other terminals the feed copy', async () => {
    const clock = new FakeClock();
    await hall.stop();
    hall = await startTestHall({ clock });
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    const taken = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    expect(taken.ok).toBe(true);
    const { socket: display } = await hall.terminal(TOKENS.display);
    const toDisplay: { name: string; seq: number; type?: string }[] = [];
    display.onAny((name: string, push: { seq: number; event?: { type: string } }) => {
      if (name === 'call' || name === 'hall:event') toDisplay.push({ name, seq: push.seq, type: push.event?.type });
    });
    const kioskFeed = collect<HallEventPush>(kiosk, 'hall:event');
    const clerkFeed = collect<HallEventPush>(clerk, 'hall:event');

    const called = await send(clerk, 'window:callNext', {});
    expect(called.ok).toBe(true);
    clock.advance(60_000); // past the recall cooldown
    const recalled = called.ok ? await send(clerk, 'ticket:recall', { ticketId: called.ticket.id }) : null;
    expect(recalled?.ok).toBe(true);
    if (!called.ok || !recalled?.ok) return;
    await until(() => toDisplay.length === 2 && kioskFeed.length === 2 && clerkFeed.length === 2);
    expect(toDisplay).toEqual([
      { name: 'call', seq: called.seq, type: undefined },
      { name: 'call', seq: recalled.seq, type: undefined },
    ]);
    expect(kioskFeed.map((p) => [p.seq, p.event.type])).toEqual([
      [called.seq, 'TicketCalled'],
      [recalled.seq, 'TicketRecalled'],
    ]);
    expect(clerkFeed.map((p) => p.event.type)).toEqual(['TicketCalled', 'TicketRecalled']);
  });

  it('refuses bad payloads and wrong roles with a code, and changes nothing', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: display } = await hall.terminal(TOKENS.display);
    const seq = hall.server.hall.seq;
    const bad = await kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: 'x', serviceIds: 'nope' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const unknown = await send(kiosk, 'ticket:take', { serviceIds: ['svc-does-not-exist'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_SERVICE' } });
    const mixed = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard', 'svc-invoice'] });
    expect(mixed).toMatchObject({ ok: false, error: { code: 'MIXED_GROUPS' } });
    const badId = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], idNumber: '330102199001011235' });
    expect(badId).toMatchObject({ ok: false, error: { code: 'INVALID_ID_NUMBER' } });
    if (!badId.ok) expect(badId.error.message).toContain('校验位');
    const kioskCalls = await send(kiosk, 'window:callNext', {});
    expect(kioskCalls).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const displayTakes = await send(display, 'ticket:take', { serviceIds: ['svc-sscard'] });
    expect(displayTakes).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    const notSignedIn = await send(clerk, 'window:callNext', {});
    expect(notSignedIn).toMatchObject({ ok: false, error: { code: 'WINDOW_NOT_SIGNED_IN' } });
    expect(hall.server.hall.seq).toBe(seq);
  });

  it('refuses a missing or wrong token in the handshake', async () => {
    await expect(hall.terminal('not-a-real-token-at-all')).rejects.toThrow(/UNAUTHENTICATED/);
    await expect(hall.terminal('')).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('answers a repeated requestId with the first answer and takes one ticket only', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const requestId = rid();
    const first = await send(kiosk, 'ticket:take', { requestId, serviceIds: ['svc-id-card'] });
    const again = await send(kiosk, 'ticket:take', { requestId, serviceIds: ['svc-id-card'] });
    expect(again).toEqual(first);
    expect(hall.server.hall.state.tickets.size).toBe(1);
  });

  it('gives a reconnecting display a snapshot that catches up with what it missed', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    const { socket: display } = await hall.terminal(TOKENS.display);
    display.disconnect();
    await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    const c = await send(clerk, 'window:callNext', {});
    expect(c.ok).toBe(true);
    const { snapshot } = await hall.terminal(TOKENS.display);
    expect(snapshot.seq).toBe(hall.server.hall.seq);
    expect(snapshot.recentCalls[0]).toMatchObject({ number: 'A001', windowNumber: 1 });
    expect(JSON.stringify(snapshot).length).toBeLessThan(20_000);
  });

  it('keeps a clerk queue with the reason the next one goes first', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const token = await hall.login('zhangwei');
    const { socket: clerk } = await hall.terminal(token);
    const updates = collect<Pick<ClerkSnapshot, 'queue'>>(clerk, 'window:update');
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], priority: 'military' });
    await until(() => updates.some((u) => u.queue.length === 2));
    const last = updates[updates.length - 1]!;
    expect(last.queue.map((q) => q.ticket.number)).toEqual(['A002', 'A001']);
    expect(last.queue[0]!.reason.code).toBe('PRIORITY');
    expect(last.queue[0]!.reason.text).toContain('军人');
  });

  it('binds an evaluation to the cases of the window that served and takes it once', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: pad } = await hall.terminal(TOKENS.evalW01);
    const pending = collect<unknown>(pad, 'evaluation:pending');
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    const t = await send(kiosk, 'ticket:take', { bundleId: 'bdl-retire' });
    expect(t.ok).toBe(true);
    const c = await send(clerk, 'window:callNext', {});
    if (!c.ok || !c.ticket) throw new Error('no call');
    const done = await send(clerk, 'ticket:complete', { ticketId: c.ticket.id, outcome: 'done', serviceIds: ['svc-retire', 'svc-fund-withdraw', 'svc-elderly-card'] });
    expect(done.ok && done.caseIds.length).toBe(1); // a bundle handled whole is one case
    await until(() => pending.length > 0);
    const r = await send(pad, 'evaluation:submit', { ticketId: c.ticket.id, level: 5 });
    expect(r).toMatchObject({ ok: true });
    const twice = await send(pad, 'evaluation:submit', { ticketId: c.ticket.id, level: 1 });
    expect(twice).toMatchObject({ ok: false, error: { code: 'ALREADY_EVALUATED' } });
    const { socket: otherPad } = await hall.terminal(TOKENS.evalW02);
    const elsewhere = await send(otherPad, 'evaluation:submit', { ticketId: c.ticket.id, level: 3 });
    expect(elsewhere.ok).toBe(false);
    const row = hall.server.db.prepare('SELECT evaluation_level FROM cases WHERE ticket_id = ?').get(c.ticket.id);
    expect(row).toEqual({ evaluation_level: 5 });
    const outbox = hall.server.db.prepare('SELECT kind FROM outbox ORDER BY id').all();
    expect(outbox).toEqual([{ kind: 'case' }, { kind: 'evaluation' }]);
  });

  it('serves the public ticket status without personal data', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const r = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], idNumber: '11010519491231002X', phone: '13812345678' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.ticket.priority).toBe('elderly'); // born 1949: the ID number sets the elderly class
    const res = await fetch(`${hall.server.url}/api/tickets/${r.ticket.id}`);
    const body = (await res.json()) as { ticket: unknown };
    expect(body.ticket).toMatchObject({ number: 'A001', state: 'waiting', ahead: 0 });
    const text = JSON.stringify(body);
    // Neither the birth date nor the number, nor the number's mask (ids and instants in milliseconds may
    // hold digits such as 1949 or 138 by chance, so the test looks for the personal data's own shapes).
    expect(text).not.toMatch(/1949\D?12\D?31/);
    expect(text).not.toContain('13812345678');
    expect(text).not.toMatch(/138\D{0,3}\*+\D{0,3}5678/);
    const missing = await fetch(`${hall.server.url}/api/tickets/nosuchticket`);
    expect(missing.status).toBe(404);
  });

  it('takes appointments from a booking system and gives an on-time appointment its priority', async () => {
    const post = (token: string | null, body: unknown) =>
      fetch(`${hall.server.url}/api/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const now = Date.now();
    const today = hall.server.hall.state.businessDate!;
    const good = { code: 'yy-2026-0001', date: today, serviceIds: ['svc-estate-personal'], slotStart: now - 60_000, slotEnd: now + 30 * 60_000 };
    expect((await post(null, { appointments: [good] })).status).toBe(401);
    expect((await post(await hall.login('zhangwei'), { appointments: [good] })).status).toBe(403);
    const admin = await hall.login('admin', 'admin1234');
    const bad = await post(admin, { appointments: [good, { ...good, code: 'YY-2', serviceIds: ['svc-nope'] }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_SERVICE', message: expect.stringContaining('appointments.1') } });
    const ok = await post(admin, { appointments: [good] });
    expect(await ok.json()).toEqual({ ok: true, added: 1, kept: 0 });
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const t = await send(kiosk, 'ticket:take', { appointmentCode: 'yy-2026-0001' });
    expect(t).toMatchObject({ ok: true, ticket: { priority: 'appointment', serviceIds: ['svc-estate-personal'] } });
    const again = await send(kiosk, 'ticket:take', { appointmentCode: 'YY-2026-0001' });
    expect(again).toMatchObject({ ok: false, error: { code: 'APPOINTMENT_USED' } });
  });
});
