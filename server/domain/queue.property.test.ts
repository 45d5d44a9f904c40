import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isErrorCode } from '../../protocol/errors';
import { windowCanServe } from './eligibility';
import type { HallCommand } from './events';
import { DomainRunner, demoCatalog } from './test-support';
import { FINAL_STATES, type HallState } from './types';

const catalog = demoCatalog();
const WINDOWS = ['w01', 'w02', 'w11', 'w12', 'w16', 'w18'];
const SERVICES = ['svc-sscard', 'svc-id-card', 'svc-company-setup', 'svc-invoice', 'svc-pickup', 'svc-proof-household', 'svc-medical-enrol'];
const BUNDLES = ['bdl-retire', 'bdl-company'];

/** A random step of a hall day, resolved against the state when it runs (tickets are picked by index). */
type Step =
  | { k: 'take'; services: string[]; bundle: string | null; priority: 'none' | 'elderly' | 'military' }
  | { k: 'window'; op: 'callNext' | 'recall' | 'start' | 'complete' | 'noShow' | 'transferSvc' | 'transferWin' | 'pause' | 'resume' | 'signOut' | 'signIn' | 'callTicket'; w: number; pick: number }
  | { k: 'ticket'; op: 'return' | 'cancel'; pick: number }
  | { k: 'wait'; minutes: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('take' as const), services: fc.subarray(SERVICES, { minLength: 1, maxLength: 2 }), bundle: fc.option(fc.constantFrom(...BUNDLES), { freq: 6 }), priority: fc.constantFrom('none' as const, 'none' as const, 'elderly' as const, 'military' as const) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      k: fc.constant('window' as const),
      op: fc.constantFrom('callNext', 'callNext', 'recall', 'start', 'complete', 'complete', 'noShow', 'transferSvc', 'transferWin', 'pause', 'resume', 'signOut', 'signIn', 'callTicket'),
      w: fc.nat(WINDOWS.length - 1),
      pick: fc.nat(1000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('ticket' as const), op: fc.constantFrom('return' as const, 'cancel' as const), pick: fc.nat(1000) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('wait' as const), minutes: fc.integer({ min: 0, max: 20 }) }) },
);

function pickTicket(state: HallState, n: number): string {
  const ids = [...state.tickets.keys()];
  return ids.length ? ids[n % ids.length]! : 'none';
}

function toCommand(r: DomainRunner, s: Step): HallCommand | null {
  const state = r.state;
  if (s.k === 'take') {
    return s.bundle
      ? { type: 'ticket.take', bundleId: s.bundle, priority: s.priority }
      : { type: 'ticket.take', serviceIds: s.services, priority: s.priority };
  }
  if (s.k === 'wait') {
    r.now += s.minutes * 60_000 + 16_000;
    return null;
  }
  if (s.k === 'ticket') return s.op === 'return' ? { type: 'ticket.return', ticketId: pickTicket(state, s.pick) } : { type: 'ticket.cancel', ticketId: pickTicket(state, s.pick), reason: '群众取消' };
  const windowId = WINDOWS[s.w]!;
  const w = state.windows.get(windowId)!;
  const staffId = w.staffId ?? `s-${windowId}`;
  const current = w.currentTicketId ?? pickTicket(state, s.pick);
  switch (s.op) {
    case 'signIn':
      return { type: 'window.signIn', windowId, staffId };
    case 'signOut':
      return { type: 'window.signOut', windowId, staffId };
    case 'pause':
      return { type: 'window.pause', windowId, staffId, reason: 'meeting' };
    case 'resume':
      return { type: 'window.resume', windowId, staffId };
    case 'callNext':
      return { type: 'window.callNext', windowId, staffId };
    case 'callTicket':
      return { type: 'window.callTicket', windowId, staffId, ticketId: pickTicket(state, s.pick), reason: 'green_channel', note: '' };
    case 'recall':
      return { type: 'ticket.recall', windowId, staffId, ticketId: current };
    case 'start':
      return { type: 'ticket.start', windowId, staffId, ticketId: current };
    case 'noShow':
      return { type: 'ticket.noShow', windowId, staffId, ticketId: current };
    case 'complete': {
      const t = state.tickets.get(current);
      return { type: 'ticket.complete', windowId, staffId, ticketId: current, outcome: 'done', serviceIds: t?.serviceIds ?? ['svc-sscard'] };
    }
    case 'transferSvc':
      return { type: 'ticket.transfer', windowId, staffId, ticketId: current, serviceIds: [SERVICES[s.pick % SERVICES.length]!] };
    case 'transferWin':
      return { type: 'ticket.transfer', windowId, staffId, ticketId: current, targetWindowId: WINDOWS[s.pick % WINDOWS.length]! };
  }
}

function fingerprint(state: HallState): string {
  let s = `${state.queue.size}|${state.nextOrdinal}|${state.caseCounter}|`;
  for (const t of state.tickets.values()) s += `${t.id}:${t.state}:${t.sortKey}:${t.ordinal}:${t.windowId}:${t.callCount};`;
  for (const w of state.windows.values()) s += `${w.id}:${w.status}:${w.currentTicketId}:${w.priorityStreak};`;
  return s;
}

describe('the queue over random days (property)', () => {
  it('never loses a ticket, serves none twice, serves only what a window can, first come first served among equals, refuses illegal commands without change', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 200, maxLength: 2500 }), (steps) => {
        const r = new DomainRunner(catalog);
        r.open();
        for (const w of WINDOWS.slice(0, 4)) r.signIn(w);
        const completed = new Set<string>();
        let taken = 0;
        for (const step of steps) {
          const cmd = toCommand(r, step);
          if (!cmd) continue;
          const before = fingerprint(r.state);
          const preQueue = cmd.type === 'window.callNext' ? snapshotWaiting(r.state) : null;
          const d = r.run(cmd);
          if (!d.ok) {
            // Refused: a typed error, and nothing changed.
            expect(isErrorCode(d.error.code)).toBe(true);
            expect(d.error.message.length).toBeGreaterThan(0);
            expect(fingerprint(r.state)).toBe(before);
            continue;
          }
          for (const e of d.events) {
            if (e.type === 'TicketTaken') taken++;
            if (e.type === 'TicketCompleted') {
              expect(completed.has(e.ticketId)).toBe(false);
              completed.add(e.ticketId);
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
        r.ok({ type: 'day.close', reason: '营业结束' });
        expect(r.state.tickets.size).toBe(taken);
        for (const t of r.state.tickets.values()) expect(FINAL_STATES).toContain(t.state);
        expect(r.state.queue.size).toBe(0);
      }),
      { numRuns: 40 },
    );
  });
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
