import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isErrorCode } from '../../protocol/errors';
import { windowCanServe } from './eligibility';
import { cappedCatalog, DomainRunner } from './test-support';
import { lifecycleStepArb, toCommand, WINDOWS } from './test-steps';
import { FINAL_STATES, type HallState } from './types';

/** Two matters capped low enough that random days reach their caps (walk-ins: 20 and 15). */
const catalog = cappedCatalog('svc-invoice', 15, 0, cappedCatalog('svc-sscard', 25, 0.2));
const WALK_IN_CAPS = new Map([['svc-sscard', 20], ['svc-invoice', 15]]);

function fingerprint(state: HallState): string {
  let s = `${state.queue.size}|${state.nextOrdinal}|${state.caseCounter}|`;
  for (const t of state.tickets.values()) s += `${t.id}:${t.state}:${t.sortKey}:${t.ordinal}:${t.windowId}:${t.callCount};`;
  for (const w of state.windows.values()) s += `${w.id}:${w.status}:${w.currentTicketId}:${w.priorityStreak};`;
  return s;
}

describe('the queue over random days (property)', () => {
  it('never loses a ticket, serves none twice, serves only what a window can, first come first served among equals, refuses illegal commands without change, across closes, reopens, new days and reassignments (改派)', () => {
    fc.assert(
      fc.property(fc.array(lifecycleStepArb(['close', 'reopen', 'nextDay']), { minLength: 200, maxLength: 2500, size: 'max' }), (steps) => {
        const r = new DomainRunner(catalog);
        r.open();
        for (const w of WINDOWS.slice(0, 4)) r.signIn(w);
        const completed = new Set<string>();
        // Per business date: numbers and case ids are never given twice, walk-ins never pass a cap.
        const numbers = new Set<string>();
        const caseIds = new Set<string>();
        const walkIns = new Map<string, number>();
        let taken = 0;
        for (const step of steps) {
          const cmd = toCommand(r, step);
          if (!cmd) continue;
          const before = fingerprint(r.state);
          const preQueue = cmd.type === 'window.callNext' ? snapshotWaiting(r.state) : null;
          const preTicket = cmd.type === 'ticket.reassign' ? r.state.tickets.get(cmd.ticketId) : undefined;
          const preReassign = preTicket ? { ...preTicket } : null;
          const date = r.state.businessDate;
          const d = r.run(cmd);
          if (!d.ok) {
            // Refused: a typed error (never INTERNAL), and nothing changed.
            expect(d.error.code).not.toBe('INTERNAL');
            expect(isErrorCode(d.error.code)).toBe(true);
            expect(d.error.message.length).toBeGreaterThan(0);
            expect(fingerprint(r.state)).toBe(before);
            continue;
          }
          for (const e of d.events) {
            if (e.type === 'DayOpened' && e.businessDate !== date) taken = 0;
            if (e.type === 'TicketTaken') {
              taken++;
              const key = `${e.ticket.businessDate} ${e.ticket.number}`;
              expect(numbers.has(key), `number ${key} given twice`).toBe(false);
              numbers.add(key);
              for (const id of e.ticket.serviceIds) {
                const cap = WALK_IN_CAPS.get(id);
                if (cap === undefined) continue;
                const n = (walkIns.get(`${e.ticket.businessDate} ${id}`) ?? 0) + 1;
                expect(n, `walk-ins of ${id} on ${e.ticket.businessDate}`).toBeLessThanOrEqual(cap);
                walkIns.set(`${e.ticket.businessDate} ${id}`, n);
              }
            }
            if (e.type === 'TicketCompleted') {
              expect(completed.has(e.ticketId)).toBe(false);
              completed.add(e.ticketId);
              for (const c of e.cases) {
                expect(caseIds.has(c.caseId), `case ${c.caseId} given twice`).toBe(false);
                caseIds.add(c.caseId);
              }
            }
            if (e.type === 'TicketReassigned') {
              // 改派 keeps the ticket waiting, in its place in time, and gives it to a line someone staffed serves.
              const t = r.state.tickets.get(e.ticketId)!;
              expect(preReassign?.state).toBe('waiting');
              expect(t).toMatchObject({ state: 'waiting', sortKey: preReassign!.sortKey, ordinal: preReassign!.ordinal, takenAt: preReassign!.takenAt, priority: preReassign!.priority, number: preReassign!.number });
              const staffed = [...r.state.windows.values()].filter((w) => w.status !== 'closed' && w.staffId);
              expect(staffed.some((w) => (t.targetWindowId ? t.targetWindowId === w.id : windowCanServe(catalog, catalog.windows.get(w.id)!, t.groupId, t.serviceIds)))).toBe(true);
            }
            if (e.type === 'TicketCalled') {
              const t = r.state.tickets.get(e.ticketId)!;
              const def = catalog.windows.get(e.windowId)!;
              if (!e.outOfTurn) {
                const wasTargeted = preQueue?.get(t.id)?.targetWindowId;
                expect(wasTargeted ? wasTargeted === e.windowId : windowCanServe(catalog, def, t.groupId, t.serviceIds)).toBe(true);
              }
              if (preQueue && !e.outOfTurn) checkFirstAmongEquals(preQueue, e.ticketId, e.windowId, e.priority);
            }
          }
          // The waiting line holds exactly the waiting tickets.
          let waiting = 0;
          for (const t of r.state.tickets.values()) if (t.state === 'waiting') {
            waiting++;
            expect(r.state.queue.has(t.id)).toBe(true);
          }
          expect(r.state.queue.size).toBe(waiting);
        }
        if (r.state.dayOpen) r.ok({ type: 'day.close', reason: '营业结束' });
        expect(r.state.tickets.size).toBe(taken);
        for (const t of r.state.tickets.values()) expect(FINAL_STATES).toContain(t.state);
        expect(r.state.queue.size).toBe(0);
      }),
      { numRuns: 20 },
    );
  }, 180_000);
});

type Waiting = Map<string, { key: number; ordinal: number; priority: boolean; groupId: string; serviceIds: string[]; targetWindowId: string | null }>;

function snapshotWaiting(state: HallState): Waiting {
  const m: Waiting = new Map();
  for (const t of state.tickets.values()) {
    if (t.state === 'waiting') m.set(t.id, { key: t.sortKey, ordinal: t.ordinal, priority: t.priority !== 'none', groupId: t.groupId, serviceIds: [...t.serviceIds], targetWindowId: t.targetWindowId });
  }
  return m;
}

/** Among the tickets of the same kind (priority or not) the window could serve, none went before the one called. */
function checkFirstAmongEquals(before: Waiting, calledId: string, windowId: string, priority: boolean): void {
  const def = catalog.windows.get(windowId)!;
  const called = before.get(calledId)!;
  for (const [id, t] of before) {
    if (id === calledId || t.priority !== priority) continue;
    const servable = t.targetWindowId ? t.targetWindowId === windowId : windowCanServe(catalog, def, t.groupId, t.serviceIds);
    if (!servable) continue;
    const earlier = t.key < called.key || (t.key === called.key && t.ordinal < called.ordinal);
    expect(earlier, `ticket ${id} should have gone before ${calledId}`).toBe(false);
  }
}
