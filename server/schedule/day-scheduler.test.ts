import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { scheduleCheckOf } from '../calendar/adapters';
import type { HallCalendar } from '../calendar/calendar';
import { at, calendarOf } from '../calendar/test-fixtures';
import type { CalendarOverrideInput } from '../calendar/schema';
import { catalogFromSeed, loadSeed } from '../catalog/seed';
import type { HallCommand } from '../domain/events';
import { Hall, type Clock } from '../hall/hall';
import { openDatabase, type Db } from '../store/database';
import { HallStore } from '../store/hall-store';
import { CLOSE_REASONS, DayScheduler, type SchedulerAction } from './day-scheduler';

const SEED = loadSeed(path.resolve(import.meta.dirname, '../../seeds'));
const MINUTE = 60_000;

class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

interface Rig {
  db: Db;
  clock: TestClock;
  hall: Hall;
  scheduler: DayScheduler;
  logs: { level: number; msg: string; calendar?: string; err?: unknown }[];
  /** Swap the calendar the scheduler reads (an admin edit). */
  setCalendar(c: HallCalendar | null): void;
  /** The hall over the same database, as after a restart, with its own scheduler. */
  restart(atLocal: string): Rig;
  run(command: HallCommand): void;
}

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A hall over an in-memory database with the demo catalogue, the seed's calendar and a hand-moved clock. */
function rig(startLocal: string, overrides: CalendarOverrideInput[] = [], db?: Db): Rig {
  if (!db) {
    db = openDatabase(':memory:');
    open.push(db);
  }
  const clock = new TestClock(at(startLocal));
  let calendar: HallCalendar | null = calendarOf(overrides);
  const hall = new Hall(new HallStore(db), catalogFromSeed(SEED), clock, scheduleCheckOf(calendar));
  const logs: Rig['logs'] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const scheduler = new DayScheduler(hall, () => calendar, logger);
  const self: Rig = {
    db: db!,
    clock,
    hall,
    scheduler,
    logs,
    setCalendar(c) {
      calendar = c;
      hall.setSchedule(c ? scheduleCheckOf(c) : undefined);
    },
    restart: (local) => rig(local, overrides, db),
    run(command) {
      const r = hall.execute('test', command, null, () => ({}));
      if (!r.ok) throw new Error(`${command.type}: ${r.error.code} ${r.error.message}`);
    },
  };
  return self;
}

/** Ticks once a minute from `fromLocal` up to (not including) `toLocal`, collecting what the scheduler did. */
function tickThrough(r: Rig, fromLocal: string, toLocal: string): (SchedulerAction & { atLocal: number })[] {
  const out: (SchedulerAction & { atLocal: number })[] = [];
  for (let t = at(fromLocal); t < at(toLocal); t += MINUTE) {
    r.clock.t = t;
    for (const a of r.scheduler.tick()) out.push({ ...a, atLocal: t });
  }
  return out;
}

function take(r: Rig, serviceId = 'svc-id-card'): string {
  const before = new Set(r.hall.state.tickets.keys());
  r.run({ type: 'ticket.take', serviceIds: [serviceId] });
  return [...r.hall.state.tickets.keys()].find((id) => !before.has(id))!;
}

function dayEvents(db: Db): { type: string; payload: Record<string, unknown> }[] {
  return (db.prepare("SELECT type, payload FROM events WHERE type IN ('DayOpened', 'DayClosed') ORDER BY seq").all() as { type: string; payload: string }[]).map(
    (e) => ({ type: e.type, payload: JSON.parse(e.payload) }),
  );
}

describe('day scheduler: opening', () => {
  it('opens a workday (Tuesday 2026-11-24) at 8:30, half an hour before the 9:00 opening, and not a minute earlier', () => {
    const r = rig('2026-11-24 00:00');
    const actions = tickThrough(r, '2026-11-24 00:00', '2026-11-24 12:00');
    expect(actions).toEqual([{ kind: 'opened', businessDate: '2026-11-24', at: at('2026-11-24 08:30'), atLocal: at('2026-11-24 08:30') }]);
    expect(r.hall.state).toMatchObject({ businessDate: '2026-11-24', dayOpen: true });
  });

  it('opens the Saturday service day 2026-11-28 at 8:30 and leaves Sunday 2026-11-29 shut', () => {
    const r = rig('2026-11-28 07:00');
    const sat = tickThrough(r, '2026-11-28 07:00', '2026-11-29 00:00');
    expect(sat.map((a) => [a.kind, a.atLocal])).toEqual([
      ['opened', at('2026-11-28 08:30')],
      ['closed', at('2026-11-28 13:00')],
    ]);
    const sun = tickThrough(r, '2026-11-29 00:00', '2026-11-30 00:00');
    expect(sun.map((a) => a.kind)).toEqual([]);
    expect(r.hall.state.businessDate).toBe('2026-11-28');
  });

  it('does not open on 2026-10-01 (National Day) at any minute, and opens the 10-04 holiday duty at 8:30', () => {
    const r = rig('2026-10-01 00:00');
    expect(tickThrough(r, '2026-10-01 00:00', '2026-10-02 00:00')).toEqual([]);
    expect(r.hall.state.dayOpen).toBe(false);
    const duty = tickThrough(r, '2026-10-04 00:00', '2026-10-04 12:00');
    expect(duty.map((a) => [a.kind, a.atLocal])).toEqual([['opened', at('2026-10-04 08:30')]]);
  });

  it('opens the make-up workday 2026-10-10 (a Saturday) on the weekday timetable and closes it at 18:00', () => {
    const r = rig('2026-10-10 00:00');
    const actions = tickThrough(r, '2026-10-10 00:00', '2026-10-11 00:00');
    expect(actions.map((a) => [a.kind, a.atLocal])).toEqual([
      ['opened', at('2026-10-10 08:30')],
      ['closed', at('2026-10-10 18:00')],
    ]);
  });

  it('does not open a day whose opening lead has passed after closing time (a server started late in the evening)', () => {
    const r = rig('2026-11-24 18:00');
    expect(tickThrough(r, '2026-11-24 18:00', '2026-11-25 00:00')).toEqual([]);
  });

  it('logs the calendar warning for the coming year when it opens a day within 45 days of it', () => {
    const r = rig('2026-11-24 08:30');
    r.scheduler.tick();
    const warned = r.logs.filter((l) => l.msg === 'calendar warning').map((l) => l.calendar);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('2027 年法定节假日和调休安排缺失');
  });
});

describe('day scheduler: closing', () => {
  it('closes at closeDayAt (18:00 on a Tuesday) and closes the open tickets with a reason, counting those still waiting', () => {
    const r = rig('2026-11-24 08:30');
    r.scheduler.tick();
    r.clock.t = at('2026-11-24 09:10');
    r.run({ type: 'window.signIn', windowId: 'w01', staffId: 's-zhangwei' });
    const ids = [take(r), take(r), take(r), take(r)];
    r.run({ type: 'window.callNext', windowId: 'w01', staffId: 's-zhangwei' });
    r.run({ type: 'ticket.start', windowId: 'w01', staffId: 's-zhangwei', ticketId: ids[0]! });
    r.run({ type: 'ticket.complete', windowId: 'w01', staffId: 's-zhangwei', ticketId: ids[0]!, outcome: 'done', serviceIds: ['svc-id-card'] });
    r.run({ type: 'window.callNext', windowId: 'w01', staffId: 's-zhangwei' }); // ids[1] called, never finished

    expect(tickThrough(r, '2026-11-24 09:11', '2026-11-24 18:00')).toEqual([]);
    r.clock.t = at('2026-11-24 18:00');
    const [closed, ...more] = r.scheduler.tick();
    expect(more).toEqual([]);
    expect(closed).toEqual({
      kind: 'closed',
      businessDate: '2026-11-24',
      at: at('2026-11-24 18:00'),
      reason: CLOSE_REASONS.closing,
      closedTicketIds: expect.arrayContaining(ids.slice(1)),
      waiting: 2,
    });
    if (closed?.kind !== 'closed') return;
    expect(closed.closedTicketIds).toHaveLength(3);
    // Waiting tickets carry the closing reason; the one left at the window says it was called but never recorded done.
    for (const id of ids.slice(2)) expect(r.hall.state.tickets.get(id)).toMatchObject({ state: 'closed', endReason: CLOSE_REASONS.closing });
    expect(r.hall.state.tickets.get(ids[1]!)).toMatchObject({ state: 'closed', endReason: `${CLOSE_REASONS.closing}（已叫号，窗口未登记办结）` });
    expect(r.hall.state.tickets.get(ids[0]!)?.state).toBe('completed');
    expect(r.hall.state.windows.get('w01')?.status).toBe('closed');
    // The store agrees: the rows are closed, and the DayClosed event carries the reason and the tickets.
    const rows = r.db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE state = 'closed'").get() as { n: number };
    expect(rows.n).toBe(3);
    expect(dayEvents(r.db).at(-1)).toMatchObject({ type: 'DayClosed', payload: { reason: CLOSE_REASONS.closing, closedTicketIds: closed.closedTicketIds } });
    const log = r.logs.find((l) => l.msg === 'business day closed') as unknown as Record<string, unknown>;
    expect(log).toMatchObject({ closedTickets: 3, waiting: 2, businessDate: '2026-11-24' });
  });

  it('closes the Saturday service day at 13:00, an hour after its 12:00 closing', () => {
    const r = rig('2026-11-28 08:30');
    r.scheduler.tick();
    r.clock.t = at('2026-11-28 09:00');
    take(r);
    const actions = tickThrough(r, '2026-11-28 09:00', '2026-11-28 23:59');
    expect(actions.map((a) => [a.kind, a.atLocal, a.kind === 'opened' ? 0 : a.waiting])).toEqual([['closed', at('2026-11-28 13:00'), 1]]);
  });

  it('closes earlier when an early-closing override for today is entered after the day opened', () => {
    const r = rig('2026-11-24 08:30');
    r.scheduler.tick();
    r.setCalendar(calendarOf([{ date: '2026-11-24', kind: 'hours', name: '提前下班', hours: { open: '09:00', close: '15:00' } }]));
    const actions = tickThrough(r, '2026-11-24 08:31', '2026-11-24 20:00');
    expect(actions.map((a) => [a.kind, a.atLocal])).toEqual([['closed', at('2026-11-24 16:00')]]);
  });

  it('never opens a day twice: ticking every minute of a day gives one opening and one closing', () => {
    const r = rig('2026-11-24 00:00');
    const actions = tickThrough(r, '2026-11-24 00:00', '2026-11-25 00:00');
    expect(actions.map((a) => a.kind)).toEqual(['opened', 'closed']);
    expect(dayEvents(r.db).map((e) => e.type)).toEqual(['DayOpened', 'DayClosed']);
  });

  it('does not reopen a day a manager closed early', () => {
    const r = rig('2026-11-24 08:30');
    r.scheduler.tick();
    r.clock.t = at('2026-11-24 10:00');
    r.run({ type: 'day.close', reason: '停电，提前结束' });
    expect(tickThrough(r, '2026-11-24 10:00', '2026-11-25 00:00')).toEqual([]);
    expect(r.hall.state.dayOpen).toBe(false);
  });

  it('leaves a day a manager reopened after a mistaken close open until closing time, its numbers going on', () => {
    const r = rig('2026-11-24 08:30');
    r.scheduler.tick();
    r.clock.t = at('2026-11-24 10:00');
    take(r);
    take(r);
    r.run({ type: 'day.close', reason: '误操作' });
    r.clock.t = at('2026-11-24 10:05');
    r.run({ type: 'day.open', businessDate: '2026-11-24' });
    take(r);
    const actions = tickThrough(r, '2026-11-24 10:05', '2026-11-25 00:00');
    expect(actions.map((a) => [a.kind, a.atLocal])).toEqual([['closed', at('2026-11-24 18:00')]]);
    expect([...r.hall.state.tickets.values()].map((t) => t.number)).toEqual(['A001', 'A002', 'A003']);
  });
});

describe('day scheduler: after a restart', () => {
  it('closes yesterday\'s day left open and opens today\'s in the same look, the next morning after 8:30', () => {
    const first = rig('2026-11-24 08:30');
    first.scheduler.tick();
    first.clock.t = at('2026-11-24 16:00');
    const left = [take(first), take(first)];
    // The server dies at 16:00 and comes back at 10:00 the next morning.
    const r = first.restart('2026-11-25 10:00');
    expect(r.hall.state).toMatchObject({ businessDate: '2026-11-24', dayOpen: true });
    expect(r.scheduler.tick()).toEqual([
      { kind: 'closed-stale', businessDate: '2026-11-24', at: at('2026-11-25 10:00'), reason: CLOSE_REASONS.stale, closedTicketIds: expect.arrayContaining(left), waiting: 2 },
      { kind: 'opened', businessDate: '2026-11-25', at: at('2026-11-25 10:00') },
    ]);
    const rows = r.db.prepare("SELECT state, business_date FROM tickets WHERE business_date = '2026-11-24'").all();
    expect(rows).toEqual([
      { state: 'closed', business_date: '2026-11-24' },
      { state: 'closed', business_date: '2026-11-24' },
    ]);
    expect(r.scheduler.tick()).toEqual([]);
  });

  it('closes a stale day at once on a restart before opening time, and opens today at 8:30', () => {
    const first = rig('2026-11-24 08:30');
    first.scheduler.tick();
    const r = first.restart('2026-11-25 07:00');
    expect(r.scheduler.tick().map((a) => a.kind)).toEqual(['closed-stale']);
    expect(tickThrough(r, '2026-11-25 07:01', '2026-11-25 09:00').map((a) => [a.kind, a.atLocal])).toEqual([['opened', at('2026-11-25 08:30')]]);
  });

  it('closes a stale Saturday on the Sunday and opens nothing', () => {
    const first = rig('2026-11-28 08:30');
    first.scheduler.tick();
    const r = first.restart('2026-11-29 09:30');
    expect(r.scheduler.tick().map((a) => [a.kind, a.businessDate])).toEqual([['closed-stale', '2026-11-28']]);
    expect(r.hall.state.dayOpen).toBe(false);
  });

  it('closes with the closing reason when the server comes back the same evening after closeDayAt', () => {
    const first = rig('2026-11-24 08:30');
    first.scheduler.tick();
    first.clock.t = at('2026-11-24 16:00');
    take(first);
    const r = first.restart('2026-11-24 21:00');
    expect(r.scheduler.tick()).toMatchObject([{ kind: 'closed', reason: CLOSE_REASONS.closing, waiting: 1 }]);
  });

  it('does nothing while the hall\'s business date is ahead of the clock (a clock set back)', () => {
    const r = rig('2026-11-25 08:30');
    r.scheduler.tick();
    r.clock.t = at('2026-11-24 17:00');
    expect(tickThrough(r, '2026-11-24 17:00', '2026-11-24 20:00')).toEqual([]);
    expect(r.hall.state).toMatchObject({ businessDate: '2026-11-25', dayOpen: true });
  });
});

describe('day scheduler: robustness', () => {
  it('does nothing without a calendar', () => {
    const r = rig('2026-11-24 08:30');
    r.setCalendar(null);
    expect(r.scheduler.tick()).toEqual([]);
    expect(r.hall.state.dayOpen).toBe(false);
  });

  it('logs a failing look instead of throwing out of the timer', () => {
    const r = rig('2026-11-24 08:30');
    const failing = {
      ...calendarOf(),
      dayBoundaries: () => {
        throw new Error('broken calendar');
      },
    } as HallCalendar;
    r.setCalendar(failing);
    expect(() => r.scheduler.start(60 * MINUTE)).not.toThrow();
    r.scheduler.stop();
    expect(r.logs.some((l) => l.msg === 'day scheduler failed')).toBe(true);
  });
});
