import type { PriorityClass } from '../../protocol/catalog';
import type { Applicant, CaseInfo, DispatchReason, Outcome, PauseReason, Ticket } from './types';

/** Everything that can happen in the hall. Events are the source of truth; read tables are their projection. */
export type HallEvent =
  | {
      type: 'DayOpened';
      at: number;
      businessDate: string;
      /** A manager opened a date the hall would refuse (off the clock by more than a day, or going back). */
      forced?: { reason: string };
    }
  | { type: 'DayClosed'; at: number; businessDate: string; reason: string; closedTicketIds: string[]; signedOutWindowIds: string[] }
  | { type: 'TicketTaken'; at: number; ticket: Ticket }
  | {
      type: 'TicketCalled';
      at: number;
      ticketId: string;
      windowId: string;
      staffId: string;
      reason: DispatchReason;
      priority: boolean;
      outOfTurn: { reason: OutOfTurnReason; note: string } | null;
    }
  | { type: 'TicketRecalled'; at: number; ticketId: string; windowId: string }
  | { type: 'TicketStarted'; at: number; ticketId: string; windowId: string }
  | {
      type: 'TicketCompleted';
      at: number;
      ticketId: string;
      windowId: string;
      staffId: string;
      outcome: Outcome;
      serviceIds: string[];
      cases: CaseInfo[];
    }
  | { type: 'TicketNoShow'; at: number; ticketId: string; windowId: string }
  | { type: 'TicketReturned'; at: number; ticketId: string; sortKey: number; ordinal: number }
  | {
      type: 'TicketTransferred';
      at: number;
      ticketId: string;
      fromWindowId: string;
      serviceIds: string[];
      groupId: string;
      targetWindowId: string | null;
      waitedMs: number;
      sortKey: number;
      ordinal: number;
    }
  /**
   * 改派: the hall manager moved a waiting ticket to another window or other matters (another queue group).
   * `from` is where it waited before; the ticket keeps its `sortKey` and `ordinal` (its place in time).
   */
  | {
      type: 'TicketReassigned';
      at: number;
      ticketId: string;
      byStaffId: string;
      reason: string;
      from: { groupId: string; serviceIds: string[]; targetWindowId: string | null };
      serviceIds: string[];
      groupId: string;
      targetWindowId: string | null;
    }
  /** `windowId`: the window the ticket was at (called or serving), which the cancel frees; absent for a waiting ticket. */
  | { type: 'TicketCancelled'; at: number; ticketId: string; reason: string; windowId?: string }
  | { type: 'WindowSignedIn'; at: number; windowId: string; staffId: string; override: boolean }
  | { type: 'WindowSignedOut'; at: number; windowId: string; staffId: string }
  | { type: 'WindowPaused'; at: number; windowId: string; reason: PauseReason }
  | { type: 'WindowResumed'; at: number; windowId: string }
  | {
      type: 'EvaluationSubmitted';
      at: number;
      ticketId: string;
      caseIds: string[];
      windowId: string;
      staffId: string | null;
      level: EvaluationLevel;
      comment: string;
      /** True when the hall's default level was applied to a case left unrated. */
      isDefault: boolean;
    };

export type OutOfTurnReason = 'green_channel' | 'appointment' | 'other';
/** 好差评: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意 */
export type EvaluationLevel = 1 | 2 | 3 | 4 | 5;

/**
 * Who cancels a ticket, and so which tickets they may: the window it is at (called or serving there), the
 * hall manager (any ticket not yet final), or the kiosk that issued it (while it waits, shortly after).
 */
export type CancelBy =
  | { kind: 'window'; windowId: string; staffId: string }
  | { kind: 'manager'; staffId: string }
  | { kind: 'kiosk'; deviceId: string };

export type HallCommand =
  | { type: 'day.open'; businessDate: string; force?: { reason: string } }
  | { type: 'day.close'; reason: string }
  | {
      type: 'ticket.take';
      /** The kiosk that issues the ticket: it alone may cancel it (shortly after, see `KIOSK_CANCEL_MS`). */
      issuedBy?: string;
      serviceIds?: string[];
      bundleId?: string;
      priority?: Exclude<PriorityClass, 'appointment'>;
      appointmentCode?: string;
      applicant?: Applicant;
      /** Age in whole years from the ID number, for the elderly class only; never written to the ticket. */
      age?: number;
    }
  | { type: 'window.signIn'; windowId: string; staffId: string; override?: boolean }
  | { type: 'window.signOut'; windowId: string; staffId: string }
  | { type: 'window.callNext'; windowId: string; staffId: string }
  | { type: 'window.callTicket'; windowId: string; staffId: string; ticketId: string; reason: OutOfTurnReason; note: string }
  | { type: 'ticket.recall'; windowId: string; staffId: string; ticketId: string }
  | { type: 'ticket.start'; windowId: string; staffId: string; ticketId: string }
  | { type: 'ticket.complete'; windowId: string; staffId: string; ticketId: string; outcome: Outcome; serviceIds: string[] }
  | { type: 'ticket.noShow'; windowId: string; staffId: string; ticketId: string }
  | { type: 'ticket.return'; ticketId: string }
  | {
      type: 'ticket.transfer';
      windowId: string;
      staffId: string;
      ticketId: string;
      serviceIds?: string[];
      targetWindowId?: string;
      /** The clerk confirmed a target no staffed window serves now (the ticket is then flagged to the manager). */
      acceptUnstaffed?: boolean;
    }
  | { type: 'ticket.cancel'; ticketId: string; reason: string; by: CancelBy }
  /** 改派 by the hall manager: a waiting ticket to a named window (`targetWindowId`) and/or other matters. */
  | { type: 'ticket.reassign'; staffId: string; ticketId: string; serviceIds?: string[]; targetWindowId?: string; reason: string }
  | { type: 'window.pause'; windowId: string; staffId: string; reason: PauseReason }
  | { type: 'window.resume'; windowId: string; staffId: string }
  | { type: 'evaluation.submit'; windowId: string; ticketId: string; level: EvaluationLevel; comment: string; isDefault?: boolean };

