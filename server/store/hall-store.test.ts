import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoCatalog } from '../domain/test-support';
import type { HallCommand } from '../domain/events';
import type { HallState } from '../domain/types';
import { Hall, requestKey } from '../hall/hall';
import { openDatabase, type Db } from './database';
import { HallStore } from './hall-store';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'yichuang-store-'));
  db = openDatabase(path.join(dir, 'hall.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function essence(s: HallState) {
  return {
    businessDate: s.businessDate,
    dayOpen: s.dayOpen,
    tickets: [...s.tickets.values()].map((t) => [t.id, t.number, t.state, t.sortKey, t.ordinal, t.windowId, t.callCount, t.caseIds.join()]).sort(),
    windows: [...s.windows.values()].map((w) => [w.id, w.status, w.staffId, w.currentTicketId, w.priorityStreak]).sort(),
    queue: s.queue.size,
    counters: [...s.counters.entries()].sort(),
    cases: [...s.cases.entries()].sort(),
    served: s.figures.served,
    noShowIds: [...s.noShowIds].sort(),
  };
}

describe('the store', () => {
  it('reads back exactly the hall it wrote, and its read tables equal a fold of the event log', () => {
    const clock = { t: Date.parse('2026-11-24T01:00:00Z'), now() { return this.t; } };
    const catalog = demoCatalog();
    let n = 0;
    const hall = new Hall(new HallStore(db), catalog, clock, undefined, () => `t${++n}`);
    const run = (cmd: HallCommand) => {
      clock.t += 37_000;
      return hall.execute('test', cmd, null, () => ({}));
    };
    run({ type: 'day.open', businessDate: '2026-11-24' });
    run({ type: 'window.signIn', windowId: 'w01', staffId: 's-zhangwei' });
    run({ type: 'window.signIn', windowId: 'w12', staffId: 's-lina' });
    for (let i = 0; i < 30; i++) {
      run({ type: 'ticket.take', serviceIds: [i % 4 === 0 ? 'svc-company-setup' : 'svc-sscard'], priority: i % 7 === 0 ? 'elderly' : undefined });
      if (i % 3 === 0) {
        for (const [w, s] of [['w01', 's-zhangwei'], ['w12', 's-lina']] as const) {
          const cur = hall.state.windows.get(w)!.currentTicketId;
          if (cur) {
            const t = hall.state.tickets.get(cur)!;
            run(i % 2 ? { type: 'ticket.complete', windowId: w, staffId: s, ticketId: cur, outcome: 'done', serviceIds: t.serviceIds } : { type: 'ticket.transfer', windowId: w, staffId: s, ticketId: cur, targetWindowId: w === 'w01' ? 'w02' : 'w13' });
          }
          run({ type: 'window.callNext', windowId: w, staffId: s });
        }
      }
    }
    const reloaded = new HallStore(db).loadState(catalog);
    const replayed = new HallStore(db).replayAll(catalog);
    expect(essence(reloaded)).toEqual(essence(hall.state));
    expect(essence(replayed)).toEqual(essence(hall.state));
    expect(hall.state.figures.served).toBeGreaterThan(0);
    // One outbox row per case, in the completing transaction.
    const cases = (db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n;
    expect((db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'case'").get() as { n: number }).n).toBe(cases);
  });

  it('numbers on after a restart when the last ticket of a group was transferred to another group', () => {
    const clock = { t: Date.parse('2026-11-24T01:00:00Z'), now() { return this.t; } };
    const catalog = demoCatalog();
    let n = 0;
    const hall = new Hall(new HallStore(db), catalog, clock, undefined, () => `t${++n}`);
    const ok = (cmd: HallCommand) => {
      clock.t += 1000;
      const r = hall.execute('test', cmd, null, () => ({}));
      if (!r.ok) throw new Error(r.error.message);
    };
    ok({ type: 'day.open', businessDate: '2026-11-24' });
    ok({ type: 'window.signIn', windowId: 'w01', staffId: 's-zhangwei' });
    ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] }); // A001
    ok({ type: 'window.callNext', windowId: 'w01', staffId: 's-zhangwei' });
    ok({ type: 'ticket.transfer', windowId: 'w01', staffId: 's-zhangwei', ticketId: 't1', serviceIds: ['svc-company-change'], acceptUnstaffed: true }); // now group B (no company window staffed: confirmed)
    const again = new Hall(new HallStore(db), catalog, clock, undefined, () => `r${++n}`);
    const r = again.execute('test', { type: 'ticket.take', serviceIds: ['svc-sscard'] }, null, (_p, events) => events);
    expect(r.ok && r.response[0]).toMatchObject({ type: 'TicketTaken', ticket: { number: 'A002' } });
  });

  it('sets synchronous=FULL and WAL on every open, and migrates an empty database once', () => {
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    db = openDatabase(path.join(dir, 'hall.db'));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const ids = (db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    expect(ids).toEqual([1, 2, 3, 4, 5, 50]);
  });

  it('binds a requestId to its actor, command and payload, also after a restart and for rows written before the binding', () => {
    const clock = { t: Date.parse('2026-11-24T01:00:00Z'), now() { return this.t; } };
    const catalog = demoCatalog();
    const hall = new Hall(new HallStore(db), catalog, clock);
    const open = { type: 'day.open', businessDate: '2026-11-24' } as const;
    expect(hall.execute('staff:a', open, requestKey('req-day-0001', open), () => ({ first: true })).ok).toBe(true);
    const again = new Hall(new HallStore(db), catalog, clock);
    expect(again.execute('staff:a', { businessDate: '2026-11-24', type: 'day.open' }, requestKey('req-day-0001', open), () => ({}))).toMatchObject({
      ok: true,
      replayed: true,
      response: { first: true },
    });
    const close = { type: 'day.close', reason: '营业结束' } as const;
    const seq = again.seq;
    expect(again.execute('staff:a', close, requestKey('req-day-0001', close), () => ({}))).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } });
    const other = { type: 'day.open', businessDate: '2026-11-25' } as const;
    expect(again.execute('staff:a', other, requestKey('req-day-0001', other), () => ({}))).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } });
    expect(again.execute('staff:b', open, requestKey('req-day-0001', open), () => ({}))).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } });
    expect(again.seq).toBe(seq);
    expect(again.state.dayOpen).toBe(true);
    // A row from before migration 50 has no payload hash: its command still binds it.
    db.prepare("INSERT INTO requests (request_id, actor, command, response, at) VALUES ('req-old-0001', 'staff:a', 'day.close', '{}', 1)").run();
    expect(again.execute('staff:a', open, requestKey('req-old-0001', open), () => ({}))).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } });
    expect(again.execute('staff:a', close, requestKey('req-old-0001', close), () => ({}))).toMatchObject({ ok: true, replayed: true });
  });
});
