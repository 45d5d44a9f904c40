import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { HallEventPush, KioskSnapshot, Snapshot, TicketStatusView } from '../protocol/views';
import { at } from '../server/calendar/test-fixtures';
import { CLOSE_REASONS } from '../server/schedule/day-scheduler';
import { FakeClock, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

/**
 * 办事无休日: a whole Saturday (2026-11-28, the seed's 周六上午班 9:00-12:00 at windows 1-4, six clerks, ten
 * personal matters) run through a real hall server on a fake clock, from 8:00 to the day's close at 13:00.
 * The steps share one server and run in order.
 */

const SATURDAY_SERVICES = [
  'svc-id-card',
  'svc-hukou-move',
  'svc-residence-permit',
  'svc-sscard',
  'svc-medical-enrol',
  'svc-fund-withdraw',
  'svc-birth-register',
  'svc-birth-cert',
  'svc-maternity',
  'svc-elderly-card',
];
const MONDAY_9 = '11月30日（周一）9:00';

async function resync(socket: Socket): Promise<Snapshot> {
  const ack = (await socket.timeout(5000).emitWithAck('hall:resync', {})) as { ok: boolean; snapshot: Snapshot };
  return ack.snapshot;
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a Saturday service day (2026-11-28) through the hall server', () => {
  let hall: TestHall;
  let clock: FakeClock;
  let kiosk: Socket;
  let display: Socket;
  let zhang: Socket;
  let li: Socket;
  const displayEvents: HallEventPush[] = [];
  const taken: { id: string; number: string }[] = [];
  /** Each clerk's ticket at the window (called, not yet finished), if any. */
  const current = new Map<Socket, { id: string; serviceIds: string[] }>();
  let completed = 0;
  const set = (local: string) => {
    clock.t = at(`2026-11-28 ${local}`);
  };

  async function takeTicket(serviceIds: string[]): Promise<void> {
    const r = await send(kiosk, 'ticket:take', { serviceIds });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    taken.push({ id: r.ticket.id, number: r.ticket.number });
  }

  /** The clerk finishes the citizen at the window, then calls the next one (unless `callNext` is false). */
  async function serveOne(clerk: Socket, callNext = true): Promise<void> {
    const at = current.get(clerk);
    if (at) {
      expect((await send(clerk, 'ticket:start', { ticketId: at.id })).ok).toBe(true);
      const done = await send(clerk, 'ticket:complete', { ticketId: at.id, outcome: 'done', serviceIds: at.serviceIds });
      expect(done.ok).toBe(true);
      completed++;
      current.delete(clerk);
    }
    if (!callNext) return;
    const c = await send(clerk, 'window:callNext', {});
    expect(c.ok).toBe(true);
    if (c.ok && c.ticket) current.set(clerk, { id: c.ticket.id, serviceIds: c.ticket.serviceIds });
  }

  beforeAll(async () => {
    clock = new FakeClock(at('2026-11-28 08:00'));
    hall = await startTestHall({ calendar: 'hall', clock, schedulerEveryMs: 0 });
    kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    display = (await hall.terminal(TOKENS.display)).socket;
    display.on('hall:event', (e: HallEventPush) => displayEvents.push(e));
  });
  afterAll(async () => {
    await hall?.stop();
  });

  it('shows the kiosk closed at 8:00 with the next opening at 9:00, the 办事无休日 banner and only the Saturday matters', async () => {
    expect(hall.server.hall.state.dayOpen).toBe(false);
    const snap = (await resync(kiosk)) as KioskSnapshot;
    expect(snap.status).toMatchObject({
      dayKind: 'weekend-service',
      dayOpen: false,
      open: false,
      issuing: false,
      banner: '办事无休日 · 周六 9:00-12:00',
      nextOpenAt: at('2026-11-28 09:00'),
      closesAt: at('2026-11-28 12:00'),
      cutoffAt: at('2026-11-28 11:30'),
    });
    expect(snap.status.message).toBe('大厅尚未开始办公，下次取号时间：今日 9:00');
    expect(snap.catalog.services.map((s) => s.id).sort()).toEqual([...SATURDAY_SERVICES].sort());
    // 出生一件事 is wholly within the Saturday matters; 退休, 企业开办 and the others are not offered.
    expect(snap.catalog.bundles.map((b) => b.id)).toEqual(['bdl-birth']);
    const board = await resync(display);
    expect(board.status.banner).toBe('办事无休日 · 周六 9:00-12:00');
  });

  it('lets clerks on the Saturday roster sign in to windows 1-2 from 8:15 and refuses the others with NOT_ON_ROSTER', async () => {
    set('08:15');
    zhang = (await hall.terminal(await hall.login('zhangwei'))).socket;
    li = (await hall.terminal(await hall.login('lina'))).socket;
    expect(await send(zhang, 'window:signIn', { windowId: 'w01' })).toMatchObject({ ok: true, window: { id: 'w01', status: 'open' } });
    expect(await send(li, 'window:signIn', { windowId: 'w02' })).toMatchObject({ ok: true });

    const wujie = (await hall.terminal(await hall.login('wujie'))).socket;
    const notOnShift = await send(wujie, 'window:signIn', { windowId: 'w03' });
    expect(notOnShift).toMatchObject({ ok: false, error: { code: 'NOT_ON_ROSTER' } });
    if (!notOnShift.ok) expect(notOnShift.error.message).toContain('不在窗口 w03 今日的排班中');
    // A clerk cannot override the roster themselves: the flag is a manager's.
    expect(await send(wujie, 'window:signIn', { windowId: 'w03', override: true })).toMatchObject({ ok: false, error: { code: 'NOT_ON_ROSTER' } });
    // On the roster, but window 5 does not open on Saturdays.
    const wangfang = (await hall.terminal(await hall.login('wangfang'))).socket;
    const shut = await send(wangfang, 'window:signIn', { windowId: 'w05' });
    expect(shut).toMatchObject({ ok: false, error: { code: 'NOT_ON_ROSTER' } });
    if (!shut.ok) expect(shut.error.message).toContain('窗口 w05 今日不开放');
    expect(hall.server.hall.state.windows.get('w03')?.status).toBe('closed');
    expect(hall.server.hall.state.windows.get('w05')?.status).toBe('closed');
  });

  it('lets a manager override the roster, and records the override', async () => {
    const admin = (await hall.terminal(await hall.login('admin', 'admin1234'))).socket;
    expect(await send(admin, 'window:signIn', { windowId: 'w05' })).toMatchObject({ ok: false, error: { code: 'NOT_ON_ROSTER' } });
    expect(await send(admin, 'window:signIn', { windowId: 'w05', override: true })).toMatchObject({ ok: true, window: { id: 'w05', status: 'open' } });
    const row = hall.server.db.prepare("SELECT actor, payload FROM events WHERE type = 'WindowSignedIn' ORDER BY seq DESC LIMIT 1").get() as { actor: string; payload: string };
    expect(row.actor).toBe('staff:s-admin');
    expect(JSON.parse(row.payload)).toMatchObject({ windowId: 'w05', staffId: 's-admin', override: true });
    // The manager leaves again, so the morning below is served by the two rostered clerks alone.
    expect((await send(admin, 'window:signOut', {})).ok).toBe(true);
  });

  it('opens the business day at 8:30, not a minute before, and only once', async () => {
    set('08:29');
    expect(hall.server.scheduler!.tick()).toEqual([]);
    set('08:30');
    expect(hall.server.scheduler!.tick()).toEqual([{ kind: 'opened', businessDate: '2026-11-28', at: at('2026-11-28 08:30') }]);
    set('08:31');
    expect(hall.server.scheduler!.tick()).toEqual([]);
    await until(() => displayEvents.some((e) => e.event.type === 'DayOpened'));
    expect(displayEvents.filter((e) => e.event.type === 'DayOpened')).toHaveLength(1);
    // Clerks who signed in before the day opened stay at their windows.
    expect(hall.server.hall.state.windows.get('w01')).toMatchObject({ status: 'open', staffId: 's-zhangwei' });
  });

  it('refuses a ticket between the day opening and 9:00 with HALL_CLOSED and the opening time', async () => {
    set('08:45');
    expect(await send(kiosk, 'ticket:take', { serviceIds: ['svc-id-card'] })).toEqual({
      ok: false,
      error: { code: 'HALL_CLOSED', message: '大厅尚未开始办公，下次取号时间：今日 9:00' },
    });
    const snap = await resync(kiosk);
    expect(snap.status).toMatchObject({ dayOpen: true, issuing: false, nextOpenAt: at('2026-11-28 09:00') });
  });

  it('at 9:00 issues the Saturday matters (and 出生一件事) and refuses a matter or bundle not served today with SERVICE_NOT_TODAY', async () => {
    set('09:00');
    const snap = await resync(kiosk);
    expect(snap.status).toMatchObject({ open: true, issuing: true, message: null, nextOpenAt: null });
    await takeTicket(['svc-id-card']);
    expect(taken[0]!.number).toBe('A001');
    const retire = await send(kiosk, 'ticket:take', { serviceIds: ['svc-retire'] });
    expect(retire).toEqual({ ok: false, error: { code: 'SERVICE_NOT_TODAY', message: `所选事项今日不办理，下次可办理时间：${MONDAY_9}` } });
    const company = await send(kiosk, 'ticket:take', { serviceIds: ['svc-company-setup'] });
    expect(company).toMatchObject({ ok: false, error: { code: 'SERVICE_NOT_TODAY' } });
    expect(await send(kiosk, 'ticket:take', { bundleId: 'bdl-retire' })).toMatchObject({ ok: false, error: { code: 'SERVICE_NOT_TODAY' } });
    const birth = await send(kiosk, 'ticket:take', { bundleId: 'bdl-birth' });
    expect(birth).toMatchObject({ ok: true, ticket: { number: 'A002', bundleId: 'bdl-birth' } });
    if (birth.ok) taken.push({ id: birth.ticket.id, number: birth.ticket.number });
  });

  it('takes and serves tickets through the morning, numbered A001 on, faster than two clerks can serve them', async () => {
    // 9:05 to 11:25: two tickets every five minutes; the two clerks take turns, each serving one per ten minutes.
    for (let t = at('2026-11-28 09:05'), step = 0; t <= at('2026-11-28 11:25'); t += 5 * 60_000, step++) {
      clock.t = t;
      for (let k = 0; k < 2; k++) await takeTicket([SATURDAY_SERVICES[(step * 2 + k) % SATURDAY_SERVICES.length]!]);
      await serveOne(step % 2 === 0 ? zhang : li);
    }
    expect(taken).toHaveLength(2 + 29 * 2);
    expect(taken.map((t) => t.number)).toEqual(taken.map((_, i) => `A${String(i + 1).padStart(3, '0')}`));
    expect(completed).toBeGreaterThan(20);
    const waiting = [...hall.server.hall.state.tickets.values()].filter((t) => t.state === 'waiting');
    expect(waiting.length).toBeGreaterThan(20);
  });

  it('stops issuing at 11:30 minute by minute, naming the next opening, while clerks still serve those waiting', async () => {
    const seen: [string, boolean][] = [];
    let completedAtCutoff = 0;
    for (let minute = 26; minute < 60; minute++) {
      set(`11:${minute}`);
      const r = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
      seen.push([`11:${minute}`, r.ok]);
      if (minute === 30) completedAtCutoff = completed;
      if (r.ok) taken.push({ id: r.ticket.id, number: r.ticket.number });
      else expect(r.error).toEqual({ code: 'ISSUING_STOPPED', message: `暂停取号（11:30 起停止取号），下次取号时间：${MONDAY_9}` });
      if (minute % 5 === 0) await serveOne(minute % 10 === 0 ? zhang : li);
    }
    expect(seen.filter(([, ok]) => ok).map(([m]) => m)).toEqual(['11:26', '11:27', '11:28', '11:29']);
    // The last second before the cut-off still issues.
    clock.t = at('2026-11-28 11:29:59');
    const last = await send(kiosk, 'ticket:take', { serviceIds: ['svc-birth-cert'] });
    expect(last.ok).toBe(true);
    if (last.ok) taken.push({ id: last.ticket.id, number: last.ticket.number });
    set('11:45');
    const snap = await resync(kiosk);
    expect(snap.status).toMatchObject({ open: true, issuing: false, nextOpenAt: at('2026-11-30 09:00') });
    expect(snap.status.message).toBe(`暂停取号，下次取号时间：${MONDAY_9}`);
    // Serving went on after the cut-off.
    expect(completed).toBeGreaterThan(completedAtCutoff);
  });

  it('refuses tickets after the 12:00 closing with HALL_CLOSED while clerks serve on until 12:55', async () => {
    set('12:00');
    expect(await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).toEqual({
      ok: false,
      error: { code: 'HALL_CLOSED', message: `今日办公已结束，下次取号时间：${MONDAY_9}` },
    });
    const before = completed;
    for (let minute = 5; minute < 55; minute += 5) {
      set(`12:${String(minute).padStart(2, '0')}`);
      await serveOne(minute % 10 === 0 ? zhang : li);
    }
    set('12:55');
    await serveOne(zhang, false);
    await serveOne(li, false);
    expect(completed).toBeGreaterThan(before);
    expect([...hall.server.hall.state.tickets.values()].filter((t) => t.state === 'called' || t.state === 'serving')).toEqual([]);
  });

  it('closes the day at 13:00 (closing plus an hour): the tickets still waiting end closed with the reason, and are counted', async () => {
    const state = hall.server.hall.state;
    const waitingIds = [...state.tickets.values()].filter((t) => t.state === 'waiting').map((t) => t.id);
    expect(waitingIds.length).toBeGreaterThan(0);
    expect(completed + waitingIds.length).toBe(taken.length);

    set('12:59');
    expect(hall.server.scheduler!.tick()).toEqual([]);
    set('13:00');
    const [closed, ...rest] = hall.server.scheduler!.tick();
    expect(rest).toEqual([]);
    expect(closed).toMatchObject({ kind: 'closed', businessDate: '2026-11-28', reason: CLOSE_REASONS.closing, waiting: waitingIds.length });
    if (closed?.kind !== 'closed') return;
    expect([...closed.closedTicketIds].sort()).toEqual([...waitingIds].sort());

    // The display hears it, with the reason and every ticket closed.
    await until(() => displayEvents.some((e) => e.event.type === 'DayClosed'));
    const pushed = displayEvents.find((e) => e.event.type === 'DayClosed')!.event;
    expect(pushed).toMatchObject({ businessDate: '2026-11-28', reason: CLOSE_REASONS.closing });
    if (pushed.type !== 'DayClosed') return;
    expect(pushed.closedTicketIds.length).toBe(waitingIds.length);
    expect([...pushed.signedOutWindowIds].sort()).toEqual(['w01', 'w02']);

    // Nothing dropped: each of them is a closed row with the reason, and the ticket's public page says closed.
    const rows = hall.server.db.prepare("SELECT state, doc FROM tickets WHERE business_date = '2026-11-28'").all() as { state: string; doc: string }[];
    expect(rows).toHaveLength(taken.length);
    const closedRows = rows.filter((r) => r.state === 'closed');
    expect(closedRows).toHaveLength(waitingIds.length);
    for (const r of closedRows) expect(JSON.parse(r.doc)).toMatchObject({ endReason: CLOSE_REASONS.closing });
    expect(rows.filter((r) => r.state === 'completed')).toHaveLength(completed);
    const res = await fetch(`${hall.server.url}/api/tickets/${waitingIds[0]}`);
    expect(((await res.json()) as { ticket: TicketStatusView }).ticket.state).toBe('closed');

    // The kiosk now says the day is over and when the hall opens next; no ticket is taken.
    const snap = await resync(kiosk);
    expect(snap.status).toMatchObject({ dayOpen: false, issuing: false, nextOpenAt: at('2026-11-30 09:00') });
    expect(snap.status.message).toBe(`今日办公已结束，下次取号时间：${MONDAY_9}`);
    const seq = hall.server.hall.seq;
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(false);
    expect(hall.server.hall.seq).toBe(seq);
    set('14:00');
    expect(hall.server.scheduler!.tick()).toEqual([]);
  });

  it('tags every ticket of the day with the Saturday shift, so reports can filter the weekend service', () => {
    const calendar = hall.server.calendar!;
    const rows = hall.server.db.prepare("SELECT taken_at FROM tickets WHERE business_date = '2026-11-28'").all() as { taken_at: number }[];
    expect(rows.length).toBe(taken.length);
    const tags = new Set(rows.map((r) => JSON.stringify(calendar.tag(r.taken_at))));
    expect([...tags]).toEqual([JSON.stringify({ businessDate: '2026-11-28', dayKind: 'weekend-service', shiftId: 'sat-am' })]);
    const cases = hall.server.db.prepare("SELECT COUNT(*) AS n FROM cases WHERE business_date = '2026-11-28'").get() as { n: number };
    expect(cases.n).toBe(completed);
  });
});
