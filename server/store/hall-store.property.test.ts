import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cappedCatalog } from '../domain/test-support';
import { lifecycleStepArb, toCommand, WINDOWS } from '../domain/test-steps';
import type { HallState } from '../domain/types';
import { Hall } from '../hall/hall';
import { openDatabase } from './database';
import { HallStore } from './hall-store';

/** Two matters capped low enough that random days reach their caps. */
const catalog = cappedCatalog('svc-invoice', 15, 0, cappedCatalog('svc-sscard', 25, 0.2));

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
    // Every counter: numbers, caps, case numbers, ordinals, figures.
    nextOrdinal: s.nextOrdinal,
    serviceTaken: [...s.serviceTaken.entries()].sort(),
    figures: { taken: s.figures.taken, served: s.figures.served, noShows: s.figures.noShows },
    perWindow: [...s.figures.perWindow.entries()].sort(),
    recentHandling: [...s.figures.recentHandling.entries()].sort(),
    lastCompleted: [...s.lastCompleted.entries()].sort(),
    recentCalls: s.recentCalls,
  };
}

describe('the store over random days (property)', () => {
  it('reads back, after a restart at any moment (closes, reopens, new, wrong and corrected days included), exactly the hall that was live; never INTERNAL', () => {
    fc.assert(
      fc.property(fc.array(lifecycleStepArb(['close', 'reopen', 'nextDay', 'wrongDay', 'back', 'restart']), { minLength: 300, maxLength: 1500, size: 'max' }), (steps) => {
        // In memory: this checks what is written and read back, not the disk (crash-restart.test.ts does).
        const db = openDatabase(':memory:');
        try {
          const clock = { t: Date.parse('2026-11-24T01:00:00Z'), now() { return this.t; } };
          let n = 0;
          let hall = new Hall(new HallStore(db), catalog, clock, undefined, () => `t${++n}`);
          const view = { get state() { return hall.state; }, get now() { return clock.t; }, set now(v: number) { clock.t = v; } };
          /** A restart: the store read back must be the live hall, counter for counter; the new hall runs on. */
          const restart = () => {
            const back = new HallStore(db).loadState(catalog);
            expect(essence(back)).toEqual(essence(hall.state));
            hall = new Hall(new HallStore(db), catalog, clock, undefined, () => `t${++n}`);
          };
          hall.execute('test', { type: 'day.open', businessDate: '2026-11-24' }, null, () => ({}));
          for (const w of WINDOWS.slice(0, 4)) hall.execute('test', { type: 'window.signIn', windowId: w, staffId: `s-${w}` }, null, () => ({}));
          for (const step of steps) {
            if (step.k === 'day' && step.op === 'restart') {
              restart();
              continue;
            }
            const cmd = toCommand(view, step);
            if (!cmd) continue;
            clock.t += 1000;
            // A UNIQUE violation would throw out of the commit (INTERNAL at the socket) and fail the run.
            const r = hall.execute('test', cmd, null, () => ({}));
            if (!r.ok) expect(r.error.code).not.toBe('INTERNAL');
          }
          restart();
          // The read tables equal a fold of the whole event log, wrong days and ways back included.
          expect(essence(new HallStore(db).replayAll(catalog))).toEqual(essence(hall.state));
          // The reloaded hall numbers on without reusing a number (the UNIQUE index would refuse it).
          if (hall.state.dayOpen) {
            const r = hall.execute('test', { type: 'ticket.take', serviceIds: ['svc-medical-enrol'] }, null, () => ({}));
            expect(r.ok).toBe(true);
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 20 },
    );
  }, 180_000);
});
