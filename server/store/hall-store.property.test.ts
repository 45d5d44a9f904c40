import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoCatalog } from '../domain/test-support';
import { stepArb, toCommand, WINDOWS } from '../domain/test-steps';
import type { HallState } from '../domain/types';
import { Hall } from '../hall/hall';
import { openDatabase } from './database';
import { HallStore } from './hall-store';

const catalog = demoCatalog();

/** What a restart must give back. */
function essence(s: HallState) {
  return {
    businessDate: s.businessDate,
    dayOpen: s.dayOpen,
    tickets: [...s.tickets.values()].map((t) => JSON.stringify(t)).sort(),
    windows: [...s.windows.values()].map((w) => JSON.stringify(w)).sort(),
    waiting: [...s.tickets.values()].filter((t) => s.queue.has(t.id)).map((t) => t.id).sort(),
    counters: [...s.counters.entries()].sort(),
    caseCounter: s.caseCounter,
    cases: [...s.cases.entries()].sort(),
    served: s.figures.served,
    noShows: s.figures.noShows,
    noShowIds: [...s.noShowIds].sort(),
  };
}

describe('the store over random days (property)', () => {
  it('reads back, at any moment of a day, exactly the hall that was live; and a fresh ticket gets a fresh number', () => {
      fc.assert(
        fc.property(fc.array(stepArb, { minLength: 300, maxLength: 1500, size: 'max' }), (steps) => {
          // In memory: this checks what is written and read back, not the disk (crash-restart.test.ts does).
          const db = openDatabase(':memory:');
          try {
            const clock = { t: Date.parse('2026-11-24T01:00:00Z'), now() { return this.t; } };
            let n = 0;
            const hall = new Hall(new HallStore(db), catalog, clock, undefined, () => `t${++n}`);
            const view = { get state() { return hall.state; }, get now() { return clock.t; }, set now(v: number) { clock.t = v; } };
            hall.execute('test', { type: 'day.open', businessDate: '2026-11-24' }, null, () => ({}));
            for (const w of WINDOWS.slice(0, 4)) hall.execute('test', { type: 'window.signIn', windowId: w, staffId: `s-${w}` }, null, () => ({}));
            for (const step of steps) {
              const cmd = toCommand(view, step);
              if (!cmd) continue;
              clock.t += 1000;
              hall.execute('test', cmd, null, () => ({}));
            }
            const back = new HallStore(db).loadState(catalog);
            expect(essence(back)).toEqual(essence(hall.state));
            // The reloaded hall numbers on without reusing a number (the UNIQUE index would refuse it).
            const again = new Hall(new HallStore(db), catalog, clock, undefined, () => `r${++n}`);
            const r = again.execute('test', { type: 'ticket.take', serviceIds: ['svc-sscard'] }, null, () => ({}));
            expect(r.ok).toBe(true);
          } finally {
            db.close();
          }
        }),
      { numRuns: 20 },
    );
  });
});
