import type { PublicHallEvent, SharedHallEvent, StaffHallEvent } from '../../protocol/pushes';
import type { HallEvent } from '../domain/events';
import { toDetail, toPublic } from './views';

/** The domain events whose two feed variants differ. */
type VariantType = 'TicketTaken' | 'TicketCalled' | 'TicketCancelled' | 'TicketReassigned' | 'EvaluationSubmitted';
type SharedDomainEvent = Exclude<HallEvent, { type: VariantType }>;

/**
 * A domain event as the feed carries it to everyone, field by field: nothing the domain adds later
 * slips out by accident, and a new domain event type fails to compile here until it is mapped.
 */
function sharedEvent(e: SharedDomainEvent): SharedHallEvent {
  switch (e.type) {
    case 'DayOpened':
      return { type: e.type, at: e.at, businessDate: e.businessDate };
    case 'DayClosed':
      return {
        type: e.type,
        at: e.at,
        businessDate: e.businessDate,
        reason: e.reason,
        closedTicketIds: e.closedTicketIds,
        signedOutWindowIds: e.signedOutWindowIds,
      };
    case 'TicketRecalled':
    case 'TicketStarted':
    case 'TicketNoShow':
      return { type: e.type, at: e.at, ticketId: e.ticketId, windowId: e.windowId };
    case 'TicketCompleted':
      return {
        type: e.type,
        at: e.at,
        ticketId: e.ticketId,
        windowId: e.windowId,
        staffId: e.staffId,
        outcome: e.outcome,
        serviceIds: e.serviceIds,
        cases: e.cases.map((c) => ({ caseId: c.caseId, serviceIds: c.serviceIds, bundleId: c.bundleId })),
      };
    case 'TicketReturned':
      return { type: e.type, at: e.at, ticketId: e.ticketId, sortKey: e.sortKey, ordinal: e.ordinal };
    case 'TicketTransferred':
      return {
        type: e.type,
        at: e.at,
        ticketId: e.ticketId,
        fromWindowId: e.fromWindowId,
        serviceIds: e.serviceIds,
        groupId: e.groupId,
        targetWindowId: e.targetWindowId,
        waitedMs: e.waitedMs,
        sortKey: e.sortKey,
        ordinal: e.ordinal,
      };
    case 'WindowSignedIn':
      return { type: e.type, at: e.at, windowId: e.windowId, staffId: e.staffId, override: e.override };
    case 'WindowSignedOut':
      return { type: e.type, at: e.at, windowId: e.windowId, staffId: e.staffId };
    case 'WindowPaused':
      return { type: e.type, at: e.at, windowId: e.windowId, reason: e.reason };
    case 'WindowResumed':
      return { type: e.type, at: e.at, windowId: e.windowId };
    default: {
      const unmapped: never = e;
      return unmapped;
    }
  }
}

/** An event as public terminals, `GET /api/events` and webhooks see it: no applicant data, no citizen comments, no clerk notes. */
export function publicEvent(e: HallEvent): PublicHallEvent {
  switch (e.type) {
    case 'TicketTaken':
      return { type: e.type, at: e.at, ticket: toPublic(e.ticket) };
    case 'TicketCalled':
      return {
        type: e.type,
        at: e.at,
        ticketId: e.ticketId,
        windowId: e.windowId,
        staffId: e.staffId,
        reason: e.reason,
        priority: e.priority,
        outOfTurn: e.outOfTurn ? { reason: e.outOfTurn.reason } : null,
      };
    case 'TicketCancelled':
      return { type: e.type, at: e.at, ticketId: e.ticketId };
    case 'TicketReassigned':
      return { type: e.type, at: e.at, ticketId: e.ticketId, serviceIds: e.serviceIds, groupId: e.groupId, targetWindowId: e.targetWindowId };
    case 'EvaluationSubmitted':
      return { type: e.type, at: e.at, ticketId: e.ticketId, windowId: e.windowId, level: e.level };
    default:
      return sharedEvent(e);
  }
}

/** An event as staff see it: the clerk's view of a new ticket (applicant data masked), notes, reasons, comments. */
export function staffEvent(e: HallEvent): StaffHallEvent {
  switch (e.type) {
    case 'TicketTaken':
      return { type: e.type, at: e.at, ticket: toDetail(e.ticket) };
    case 'TicketCalled':
      return {
        type: e.type,
        at: e.at,
        ticketId: e.ticketId,
        windowId: e.windowId,
        staffId: e.staffId,
        reason: e.reason,
        priority: e.priority,
        outOfTurn: e.outOfTurn ? { reason: e.outOfTurn.reason, note: e.outOfTurn.note } : null,
      };
    case 'TicketCancelled':
      return { type: e.type, at: e.at, ticketId: e.ticketId, reason: e.reason };
    case 'TicketReassigned':
      return {
        type: e.type,
        at: e.at,
        ticketId: e.ticketId,
        serviceIds: e.serviceIds,
        groupId: e.groupId,
        targetWindowId: e.targetWindowId,
        byStaffId: e.byStaffId,
        reason: e.reason,
        from: { groupId: e.from.groupId, serviceIds: e.from.serviceIds, targetWindowId: e.from.targetWindowId },
      };
    case 'EvaluationSubmitted':
      return {
        type: e.type,
        at: e.at,
        ticketId: e.ticketId,
        windowId: e.windowId,
        level: e.level,
        caseIds: e.caseIds,
        staffId: e.staffId,
        comment: e.comment,
        isDefault: e.isDefault,
      };
    default:
      return sharedEvent(e);
  }
}
