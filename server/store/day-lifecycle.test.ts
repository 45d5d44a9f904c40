import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HallCommand } from '../domain/events';
import { cappedCatalog, demoCatalog } from '../domain/test-support';
import type { Catalog, HallState } from '../domain/types';
import { Hall } from '../hall/hall';
import { openDatabase, type Db } from './database';
import { HallStore } from './hall-store';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

/** A hall on the store with a fake clock (2026-11-24 09:00 in the hall); `restart` reads it back as a new start. */
function hallOn(catalog: Catalog) {
  const clock = { t: Date.parse('2026-11-24T01:00:00Z'), now() { return this.t; } };
  let n = 0;
  const h = {
    hall: new Hall(new HallStore(db), catalog, clock, undefined, () => `t${++n}`),
    run(cmd: HallCommand) {
      clock.t += 30_000;
      const r = h.hall.execute('test', cmd, null, (_p, events) => events);
      if (!r.ok) expect(r.error.code).not.toBe('INTERNAL');
      return r;
    },
    ok(cmd: HallCommand) {
      const r = h.run(cmd);
      if (!r.ok) throw new Error(`${cmd.type} refused: ${r.error.code} ${r.error.message}`);
      return r.response;
    },
    restart() {
      h.hall = new Hall(new HallStore(db), catalog, clock, undefined, () => `r${++n}`);
    },
    numbers: () => [...h.hall.state.tickets.values()].map((t) => t.number),
    serveNext(windowId: string, serviceIds: string[]) {
      const staffId = h.hall.state.windows.get(windowId)!.staffId!;
      h.ok({ type: 'window.callNext', windowId, staffId });
      const ticketId = h.hall.state.windows.get(windowId)!.currentTicketId!;
      return h.ok({ type: 'ticket.complete', windowId, staffId, ticketId, outcome: 'done', serviceIds });
    },
  };
  return h;
}

/** Every counter a restart must give back as the live hall had it. */
function counters(s: HallState) {
  return {
    businessDate: s.businessDate,
    dayOpen: s.dayOpen,
    counters: [...s.counters.entries()].sort(),
    caseCounter: s.caseCounter,
    nextOrdinal: s.nextOrdinal,
    serviceTaken: [...s.serviceTaken.entries()].sort(),
    figures: { taken: s.figures.taken, served: s.figures.served, noShows: s.figures.noShows },
    perWindow: [...s.figures.perWindow.entries()].sort(),
    recentHandling: [...s.figures.recentHandling.entries()].sort(),
    lastCompleted: [...s.lastCompleted.entries()].sort(),
    recentCalls: s.recentCalls,
  };
}

describe('the business day through the store', () => {
  it('reopens the same day after a close: numbers and case numbers go on, no INTERNAL, and a restart agrees', () => {
    const h = hallOn(demoCatalog());
    h.ok({ type: 'day.open', businessDate: '2026-11-24' });
    h.ok({ type: 'window.signIn', windowId: 'w01', staffId: 's-zhangwei' });
    for (let i = 0; i < 3; i++) h.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    h.serveNext('w01', ['svc-sscard']);
    h.ok({ type: 'day.close', reason: '误操作结束营业' });
    h.ok({ type: 'day.open', businessDate: '2026-11-24' });
    h.ok({ type: 'window.signIn', windowId: 'w01', staffId: 's-zhangwei' });
    h.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    expect(h.numbers()).toEqual(['A001', 'A002', 'A003', 'A004']);
    const done = h.serveNext('w01', ['svc-sscard']);
    expect(done.find((e) => e.type === 'TicketCompleted')).toMatchObject({ cases: [{ caseId: expect.stringMatching(/2026112400002$/) }] });
    expect(h.hall.state.windows.get('w01')!.currentTicketId).toBeNull();
    const live = counters(h.hall.state);
    h.restart();
    expect(counters(h.hall.state)).toEqual(live);
    expect(counters(h.hall.store.replayAll(h.hall.state.catalog))).toMatchObject({ counters: live.counters, caseCounter: live.caseCounter });
  });

  it("counts a matter's walk-in cap after a restart as the live hall does, though transfers and completions changed the tickets' matters", () => {
    const h = hallOn(cappedCatalog('svc-sscard', 4));
    h.ok({ type: 'day.open', businessDate: '2026-11-24' });
    h.ok({ type: 'window.signIn', windowId: 'w01', staffId: 's-zhangwei' });
    for (let i = 0; i < 3; i++) h.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    // Served under another matter, and moved to another matter: both still used the social-card quota.
    h.serveNext('w01', ['svc-medical-enrol']);
    h.ok({ type: 'window.callNext', windowId: 'w01', staffId: 's-zhangwei' });
    h.ok({ type: 'ticket.transfer', windowId: 'w01', staffId: 's-zhangwei', ticketId: h.hall.state.windows.get('w01')!.currentTicketId!, serviceIds: ['svc-medical-enrol'] });
    const live = counters(h.hall.state);
    h.restart();
    expect(counters(h.hall.state)).toEqual(live);
    h.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    const fifth = h.run({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'QUOTA_EXHAUSTED' } });
  });

  it('goes back by force from a wrong date to a day that already issued numbers, and carries on its numbers', () => {
    const h = hallOn(demoCatalog());
    h.ok({ type: 'day.open', businessDate: '2026-11-24' });
    h.ok({ type: 'window.signIn', windowId: 'w01', staffId: 's-zhangwei' });
    h.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    h.serveNext('w01', ['svc-sscard']);
    h.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    h.ok({ type: 'day.open', businessDate: '2026-12-24', force: { reason: '误选日期' } });
    h.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    h.ok({ type: 'day.open', businessDate: '2026-11-24', force: { reason: '改回今天' } });
    expect(h.hall.state.businessDate).toBe('2026-11-24');
    h.ok({ type: 'window.signIn', windowId: 'w01', staffId: 's-zhangwei' });
    h.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    expect(h.numbers()).toEqual(['A001', 'A002', 'A003']);
    const done = h.serveNext('w01', ['svc-sscard']);
    expect(done.find((e) => e.type === 'TicketCompleted')).toMatchObject({ cases: [{ caseId: expect.stringMatching(/2026112400002$/) }] });
    const live = counters(h.hall.state);
    h.restart();
    expect(counters(h.hall.state)).toEqual(live);
    const replayed = h.hall.store.replayAll(h.hall.state.catalog);
    expect(counters(replayed)).toMatchObject({ businessDate: '2026-11-24', counters: live.counters, caseCounter: live.caseCounter, serviceTaken: live.serviceTaken });
  });

  it('is rescued by a forced open of the right date after a restart on a wrong one', () => {
    const h = hallOn(demoCatalog());
    // A database written before dates were checked: the hall holds an impossible date.
    h.ok({ type: 'day.open', businessDate: '2026-11-24' });
    db.prepare("UPDATE hall_day SET business_date = '2026-13-45'").run();
    h.restart();
    expect(h.run({ type: 'day.open', businessDate: '2026-11-24' })).toMatchObject({ ok: false, error: { code: 'BUSINESS_DATE_EARLIER' } });
    h.ok({ type: 'day.open', businessDate: '2026-11-24', force: { reason: '日期有误' } });
    h.restart();
    expect(h.hall.state).toMatchObject({ businessDate: '2026-11-24', dayOpen: true });
  });
});
