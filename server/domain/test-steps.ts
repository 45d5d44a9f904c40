import fc from 'fast-check';
import { addDays, businessDateOf } from '../../protocol/business-date';
import type { HallCommand } from './events';
import type { DomainRunner } from './test-support';
import type { HallState } from './types';

/**
 * Random steps of a hall day for property tests: resolved against the state when they run (tickets are
 * picked by index), so most are legal and some are not.
 */
export const WINDOWS = ['w01', 'w02', 'w11', 'w12', 'w16', 'w18'];
const SERVICES = ['svc-sscard', 'svc-id-card', 'svc-company-setup', 'svc-invoice', 'svc-pickup', 'svc-proof-household', 'svc-medical-enrol'];
const BUNDLES = ['bdl-retire', 'bdl-company'];

/** A random step of a hall day, resolved against the state when it runs (tickets are picked by index). */
export type Step =
  | { k: 'take'; services: string[]; bundle: string | null; priority: 'none' | 'elderly' | 'military' }
  | { k: 'window'; op: 'callNext' | 'recall' | 'start' | 'complete' | 'noShow' | 'transferSvc' | 'transferWin' | 'pause' | 'resume' | 'signOut' | 'signIn' | 'callTicket'; w: number; pick: number }
  | { k: 'ticket'; op: 'return' | 'cancel' | 'reassign'; pick: number }
  | { k: 'wait'; minutes: number }
  | { k: 'day'; op: DayOp };

/**
 * Day lifecycle steps: a close (by mistake or not), a reopen of the same date, the next day, a forced
 * open of a wrong date far off the clock and the forced way back to the clock's date, and a restart (the
 * store property reads the hall back from the store; the pure domain ignores it).
 */
export type DayOp = 'close' | 'reopen' | 'nextDay' | 'wrongDay' | 'back' | 'restart';

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
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
  { weight: 2, arbitrary: fc.record({ k: fc.constant('ticket' as const), op: fc.constantFrom('return' as const, 'cancel' as const, 'reassign' as const, 'reassign' as const), pick: fc.nat(1000) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('wait' as const), minutes: fc.integer({ min: 0, max: 20 }) }) },
);

/** The day steps mixed into a day's steps, about one in `every` steps. */
export function lifecycleStepArb(ops: DayOp[], every = 40): fc.Arbitrary<Step> {
  return fc.oneof(
    { weight: every - 1, arbitrary: stepArb },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('day' as const), op: fc.constantFrom(...ops) }) },
  );
}

function pickTicket(state: HallState, n: number): string {
  const ids = [...state.tickets.keys()];
  return ids.length ? ids[n % ids.length]! : 'none';
}

/** The command a step stands for now, or null for a pause (the clock moves on). */
export function toCommand(r: Pick<DomainRunner, 'state' | 'now'>, s: Step): HallCommand | null {
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
  if (s.k === 'day') return dayCommand(r, s.op);
  if (s.k === 'ticket') return ticketCommand(state, s.op, s.pick);
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
      return { type: 'ticket.transfer', windowId, staffId, ticketId: current, serviceIds: [SERVICES[s.pick % SERVICES.length]!], acceptUnstaffed: s.pick % 3 !== 0 };
    case 'transferWin':
      return { type: 'ticket.transfer', windowId, staffId, ticketId: current, targetWindowId: WINDOWS[s.pick % WINDOWS.length]!, acceptUnstaffed: s.pick % 3 !== 0 };
  }
}

/** The manager's and the kiosk's ticket commands: a no-show back in line, a cancel, a reassignment (改派). */
function ticketCommand(state: HallState, op: 'return' | 'cancel' | 'reassign', pick: number): HallCommand {
  const ticketId = pickTicket(state, pick);
  if (op === 'return') return { type: 'ticket.return', ticketId };
  if (op === 'cancel') return { type: 'ticket.cancel', ticketId, reason: '群众取消', by: { kind: 'manager', staffId: 'admin' } };
  // To a window, to other matters, or both; now and then to nothing or without a reason (refused).
  const base = { type: 'ticket.reassign' as const, staffId: 'admin', ticketId, reason: pick % 17 === 0 ? ' ' : '无人可办，改派' };
  const windowId = WINDOWS[pick % WINDOWS.length]!;
  const serviceIds = [SERVICES[Math.floor(pick / 7) % SERVICES.length]!];
  switch (pick % 4) {
    case 0:
      return { ...base, targetWindowId: windowId };
    case 1:
      return { ...base, serviceIds };
    case 2:
      return { ...base, serviceIds, targetWindowId: windowId };
    default:
      return pick % 8 === 3 ? base : { ...base, targetWindowId: windowId };
  }
}

function dayCommand(r: Pick<DomainRunner, 'state' | 'now'>, op: DayOp): HallCommand | null {
  const hallDate = businessDateOf(r.now);
  switch (op) {
    case 'close':
      return { type: 'day.close', reason: '误操作结束营业' };
    case 'reopen':
      return { type: 'day.open', businessDate: r.state.businessDate ?? hallDate };
    case 'nextDay': {
      // The clock moves to 09:00 of the next day in the hall (never back), and that date opens.
      const next = addDays(hallDate, 1);
      r.now = Math.max(r.now, Date.parse(`${next}T09:00:00+08:00`));
      return { type: 'day.open', businessDate: next };
    }
    case 'wrongDay':
      return { type: 'day.open', businessDate: addDays(hallDate, 30), force: { reason: '误选日期' } };
    case 'back':
      return { type: 'day.open', businessDate: hallDate, force: { reason: '改回大厅日期' } };
    case 'restart':
      return null;
  }
}
