import { businessDateOf } from '../../protocol/business-date';
import { refusal, type ErrorBody } from '../../protocol/errors';
import type { TakeResult, TicketDetail } from '../../protocol/views';
import { personalHash } from '../auth/secrets';
import { estimateWaitMinutes } from '../domain/estimate';
import { ageOn, checkIdNumber, checkPhone, maskIdNumber, maskPhone } from '../domain/id-number';
import type { CancelBy, HallEvent } from '../domain/events';
import type { Applicant, Ticket } from '../domain/types';
import { aheadOf, printPayload, servableOf, toDetail, toPublic } from '../hall/views';
import { auditReassign } from '../admin/reassign-audit';
import type { Projected } from '../store/hall-store';
import { commandTime, onCommand } from './command';
import type { HallSocket, Identity, RealtimeDeps } from './context';
import { windowOfStaff } from './snapshots';

/** The clerk's window, or the refusal a clerk who has not signed in gets. */
export function clerkWindow(identity: Identity, deps: RealtimeDeps): { windowId: string; staffId: string } | { error: ErrorBody } {
  const windowId = windowOfStaff(deps.hall.state, identity.staffId!);
  if (!windowId) return { error: refusal('WINDOW_NOT_SIGNED_IN') };
  return { windowId, staffId: identity.staffId! };
}

const KIOSK_CANCEL_REASON = '群众在取号机上取消';

/** Who cancels, as the domain judges it: the manager, the kiosk itself, or a clerk's window (signed in). */
function cancellerOf(identity: Identity, deps: RealtimeDeps): CancelBy | { error: ErrorBody } {
  if (identity.role === 'admin') return { kind: 'manager', staffId: identity.staffId! };
  if (identity.role === 'kiosk') return { kind: 'kiosk', deviceId: identity.deviceId! };
  const w = clerkWindow(identity, deps);
  return 'error' in w ? w : { kind: 'window', ...w };
}

function ticketAfter(projected: Projected, deps: RealtimeDeps, id: string): Ticket {
  return projected.tickets.get(id) ?? deps.hall.state.tickets.get(id)!;
}

/**
 * Checks and masks the applicant's ID and phone numbers. The full numbers, the birth date and the age go
 * no further than here: the command carries the masks, keyed hashes, and the age for the priority class
 * (the domain does not keep it); the full phone is handed back only for the notifier to seal.
 */
function applicantOf(
  idNumber: string | undefined,
  phone: string | undefined,
  deps: RealtimeDeps,
  today: string,
): { applicant: Applicant; age?: number; phone?: string } | { error: ErrorBody } {
  const applicant: Applicant = {};
  let age: number | undefined;
  let fullPhone: string | undefined;
  if (idNumber) {
    const checked = checkIdNumber(idNumber, today);
    if (!checked.ok) return { error: checked.error };
    applicant.idMasked = maskIdNumber(checked.normalized);
    applicant.idHash = personalHash(checked.normalized, deps.keys);
    age = ageOn(checked.birthDate, today);
  }
  if (phone) {
    const checked = checkPhone(phone);
    if (!checked.ok) return { error: checked.error };
    applicant.phoneMasked = maskPhone(checked.normalized);
    applicant.phoneHash = personalHash(checked.normalized, deps.keys);
    fullPhone = checked.normalized;
  }
  return { applicant, age, phone: fullPhone };
}

export function registerTicketHandlers(socket: HallSocket, deps: RealtimeDeps): void {
  onCommand(socket, deps, 'ticket:take', (p, identity, d) => {
    const today = d.hall.state.businessDate ?? businessDateOf(d.hall.clock.now());
    const checked = applicantOf(p.idNumber, p.phone, d, today);
    if ('error' in checked) return checked;
    const { applicant, age, phone } = checked;
    return {
      command: {
        type: 'ticket.take',
        serviceIds: p.serviceIds,
        bundleId: p.bundleId,
        priority: p.priority,
        appointmentCode: p.appointmentCode?.toUpperCase(),
        applicant,
        age,
        issuedBy: identity.deviceId,
      },
      respond: (projected, events): TakeResult => {
        const taken = events.find((e) => e.type === 'TicketTaken')!;
        const t = ticketAfter(projected, d, taken.ticket.id);
        // The state before the commit holds every ticket ahead of this one (the new one is not in it yet).
        const state = d.hall.state;
        const ahead = state.queue.countAheadInGroup(t.groupId, { key: t.sortKey, ordinal: t.ordinal, ticketId: t.id });
        const outlook = d.estimates?.forNewTicket(state, t, t.takenAt) ?? null;
        const wait = outlook?.minutes ?? estimateWaitMinutes(state, t, ahead);
        const range = outlook?.range ?? null;
        // respond runs inside the take's transaction (ticket:take always has a requestId): the sealed
        // number commits with the ticket or not at all, and a repeated request does not run it again.
        if (phone) d.notifier?.registerContact(t, phone, ahead);
        const servable = servableOf(state, t, (ids) => d.status.rosterOpensAt(commandTime(events), ids));
        return { ticket: toPublic(t), ahead, estimatedWaitMinutes: wait, estimateRange: range, ...servable, print: printPayload(state, t, ahead, wait, d.publicBaseUrl(), range) };
      },
    };
  });

  const atWindow = (type: 'ticket.recall' | 'ticket.start' | 'ticket.noShow') =>
    ((p: { ticketId: string }, identity: Identity, d: RealtimeDeps) => {
      const w = clerkWindow(identity, d);
      if ('error' in w) return w;
      return {
        command: { type, ...w, ticketId: p.ticketId },
        respond: (projected: Projected, events: HallEvent[]): { ticket: TicketDetail; at: number } => ({
          ticket: toDetail(ticketAfter(projected, d, p.ticketId)),
          at: commandTime(events),
        }),
      };
    });
  onCommand(socket, deps, 'ticket:recall', atWindow('ticket.recall'));
  onCommand(socket, deps, 'ticket:start', atWindow('ticket.start'));
  onCommand(socket, deps, 'ticket:noShow', atWindow('ticket.noShow'));

  onCommand(socket, deps, 'ticket:complete', (p, identity, d) => {
    const w = clerkWindow(identity, d);
    if ('error' in w) return w;
    return {
      command: { type: 'ticket.complete', ...w, ticketId: p.ticketId, outcome: p.outcome, serviceIds: p.serviceIds },
      respond: (projected) => {
        const t = ticketAfter(projected, d, p.ticketId);
        return { ticket: toDetail(t), caseId: t.caseIds[0] ?? null, caseIds: t.caseIds };
      },
    };
  });

  onCommand(socket, deps, 'ticket:transfer', (p, identity, d) => {
    const w = clerkWindow(identity, d);
    if ('error' in w) return w;
    return {
      command: { type: 'ticket.transfer', ...w, ticketId: p.ticketId, serviceIds: p.serviceIds, targetWindowId: p.windowId, acceptUnstaffed: p.acceptUnstaffed },
      respond: (projected) => ({ ticket: toDetail(ticketAfter(projected, d, p.ticketId)) }),
    };
  });

  // 改派: the hall manager's; the audit row (who, when, from → to, why) commits with the event.
  onCommand(socket, deps, 'ticket:reassign', (p, identity, d) => ({
    command: { type: 'ticket.reassign', staffId: identity.staffId!, ticketId: p.ticketId, serviceIds: p.serviceIds, targetWindowId: p.windowId, reason: p.reason },
    respond: (projected, events) => {
      const t = ticketAfter(projected, d, p.ticketId);
      auditReassign(d.db, d.hall.state.catalog, { id: identity.staffId!, name: identity.name }, events, t.number);
      // Counted on the state before the commit, as for a take: the ticket's key is the one it keeps.
      return { ticket: toDetail(t), at: commandTime(events), ahead: aheadOf(d.hall.state, t) };
    },
  }));

  onCommand(socket, deps, 'ticket:return', (p, _identity, d) => ({
    command: { type: 'ticket.return', ticketId: p.ticketId },
    respond: (projected, events) => {
      const t = ticketAfter(projected, d, p.ticketId);
      // As for a take: counted on the state before the commit, which does not hold the returned ticket yet.
      return { ticket: toPublic(t), at: commandTime(events), ahead: aheadOf(d.hall.state, t) };
    },
  }));

  onCommand(socket, deps, 'ticket:cancel', (p, identity, d) => {
    const by = cancellerOf(identity, d);
    if ('error' in by) return by;
    // The citizen's own cancel at the kiosk needs no typed reason; staff say why.
    const reason = p.reason ?? (by.kind === 'kiosk' ? KIOSK_CANCEL_REASON : '');
    return {
      command: { type: 'ticket.cancel', ticketId: p.ticketId, reason, by },
      respond: (projected, events) => ({ ticket: toPublic(ticketAfter(projected, d, p.ticketId)), at: commandTime(events) }),
    };
  });
}
