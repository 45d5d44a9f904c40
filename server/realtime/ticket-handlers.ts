import type { ErrorBody } from '../../protocol/errors';
import type { TakeResult, TicketDetail } from '../../protocol/views';
import { personalHash } from '../auth/secrets';
import { estimateWaitMinutes } from '../domain/estimate';
import { checkIdNumber, checkPhone, maskIdNumber, maskPhone } from '../domain/id-number';
import type { Applicant, Ticket } from '../domain/types';
import { printPayload, toDetail, toPublic } from '../hall/views';
import type { Projected } from '../store/hall-store';
import { onCommand } from './command';
import type { HallSocket, Identity, RealtimeDeps } from './context';
import { windowOfStaff } from './snapshots';

/** The clerk's window, or the refusal a clerk who has not signed in gets. */
export function clerkWindow(identity: Identity, deps: RealtimeDeps): { windowId: string; staffId: string } | { error: ErrorBody } {
  const windowId = windowOfStaff(deps.hall.state, identity.staffId!);
  if (!windowId) return { error: { code: 'WINDOW_NOT_SIGNED_IN', message: '请先登录窗口' } };
  return { windowId, staffId: identity.staffId! };
}

function ticketAfter(projected: Projected, deps: RealtimeDeps, id: string): Ticket {
  return projected.tickets.get(id) ?? deps.hall.state.tickets.get(id)!;
}

/** Checks and masks the applicant's ID and phone numbers; the full numbers go no further than here. */
function applicantOf(idNumber: string | undefined, phone: string | undefined, deps: RealtimeDeps, today: string): Applicant | { error: ErrorBody } {
  const applicant: Applicant = {};
  if (idNumber) {
    const checked = checkIdNumber(idNumber, today);
    if (!checked.ok) return { error: checked.error };
    applicant.idMasked = maskIdNumber(checked.normalized);
    applicant.idHash = personalHash(checked.normalized, deps.personalSalt);
    applicant.birthDate = checked.birthDate;
  }
  if (phone) {
    const checked = checkPhone(phone);
    if (!checked.ok) return { error: checked.error };
    applicant.phoneMasked = maskPhone(checked.normalized);
    applicant.phoneHash = personalHash(checked.normalized, deps.personalSalt);
  }
  return applicant;
}

export function registerTicketHandlers(socket: HallSocket, deps: RealtimeDeps): void {
  onCommand(socket, deps, 'ticket:take', (p, _identity, d) => {
    const today = d.hall.state.businessDate ?? new Date(d.hall.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const applicant = applicantOf(p.idNumber, p.phone, d, today);
    if ('error' in applicant) return applicant;
    return {
      command: {
        type: 'ticket.take',
        serviceIds: p.serviceIds,
        bundleId: p.bundleId,
        priority: p.priority,
        appointmentCode: p.appointmentCode?.toUpperCase(),
        applicant,
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
        return { ticket: toPublic(t), ahead, estimatedWaitMinutes: wait, estimateRange: range, print: printPayload(state, t, ahead, wait, d.publicBaseUrl(), range) };
      },
    };
  });

  const atWindow = (type: 'ticket.recall' | 'ticket.start' | 'ticket.noShow') =>
    ((p: { ticketId: string }, identity: Identity, d: RealtimeDeps) => {
      const w = clerkWindow(identity, d);
      if ('error' in w) return w;
      return {
        command: { type, ...w, ticketId: p.ticketId },
        respond: (projected: Projected): { ticket: TicketDetail } => ({ ticket: toDetail(ticketAfter(projected, d, p.ticketId)) }),
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
      command: { type: 'ticket.transfer', ...w, ticketId: p.ticketId, serviceIds: p.serviceIds, targetWindowId: p.windowId },
      respond: (projected) => ({ ticket: toDetail(ticketAfter(projected, d, p.ticketId)) }),
    };
  });

  onCommand(socket, deps, 'ticket:return', (p, _identity, d) => ({
    command: { type: 'ticket.return', ticketId: p.ticketId },
    respond: (projected) => ({ ticket: toPublic(ticketAfter(projected, d, p.ticketId)) }),
  }));

  onCommand(socket, deps, 'ticket:cancel', (p, _identity, d) => ({
    command: { type: 'ticket.cancel', ticketId: p.ticketId, reason: p.reason },
    respond: (projected) => ({ ticket: toPublic(ticketAfter(projected, d, p.ticketId)) }),
  }));
}
