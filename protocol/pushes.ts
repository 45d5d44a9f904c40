import type { AckCallback } from './answers';
import type { CommandName, CommandPayload, ParsedCommand } from './commands';
import type { CallView, ClerkSnapshot, GroupCount, HallAlert, HallStatusView, PendingEvaluation, Snapshot, TicketDetail, TicketPublic } from './views';
import type { DispatchReasonView } from './answers';

/**
 * The event feed terminals receive (`hall:event`), its own contract: the server maps each domain event to
 * one of these explicitly (`server/hall/feed-events.ts`), so a new domain event does not compile until it
 * is mapped here. Two variants: public (kiosks, displays, evaluation pads, `GET /api/events`, webhooks) with
 * no personal data at all, and staff (clerks, managers) with what a clerk may see. Every staff event also
 * satisfies its public type (it only adds fields), so a terminal that folds the public feed folds either.
 * Times are epoch milliseconds.
 */

type Outcome = ParsedCommand<'ticket:complete'>['outcome'];
type PauseReason = ParsedCommand<'window:pause'>['reason'];
type OutOfTurnReason = ParsedCommand<'window:callTicket'>['reason'];
type EvaluationLevel = ParsedCommand<'evaluation:submit'>['level'];

/** The events whose public and staff variants are the same. */
export type SharedHallEvent =
  | { type: 'DayOpened'; at: number; businessDate: string }
  | { type: 'DayClosed'; at: number; businessDate: string; reason: string; closedTicketIds: string[]; signedOutWindowIds: string[] }
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
      cases: { caseId: string; serviceIds: string[]; bundleId: string | null }[];
    }
  | { type: 'TicketNoShow'; at: number; ticketId: string; windowId: string }
  /** Back in line after a no-show; `sortKey`/`ordinal` order the line (earlier first). */
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
  | { type: 'WindowSignedIn'; at: number; windowId: string; staffId: string; override: boolean }
  | { type: 'WindowSignedOut'; at: number; windowId: string; staffId: string }
  | { type: 'WindowPaused'; at: number; windowId: string; reason: PauseReason }
  | { type: 'WindowResumed'; at: number; windowId: string };

interface TicketCalledBase {
  type: 'TicketCalled';
  at: number;
  ticketId: string;
  windowId: string;
  staffId: string;
  reason: DispatchReasonView;
  /** Called from a priority line. */
  priority: boolean;
}

/**
 * 改派: the hall manager moved a waiting ticket to other matters (their group) and/or a named window. It
 * is still waiting and keeps its place in time (its sortKey and ordinal are unchanged).
 */
interface TicketReassignedBase {
  type: 'TicketReassigned';
  at: number;
  ticketId: string;
  serviceIds: string[];
  groupId: string;
  targetWindowId: string | null;
}

/** A public event: no applicant data, no citizen's comment, no note a clerk typed about a citizen. */
export type PublicHallEvent =
  | SharedHallEvent
  | { type: 'TicketTaken'; at: number; ticket: TicketPublic }
  | (TicketCalledBase & { outOfTurn: { reason: OutOfTurnReason } | null })
  | { type: 'TicketCancelled'; at: number; ticketId: string }
  | TicketReassignedBase
  | { type: 'EvaluationSubmitted'; at: number; ticketId: string; windowId: string; level: EvaluationLevel };

/** A staff event: the clerk's view of the ticket (applicant data masked), notes, reasons, comments. */
export type StaffHallEvent =
  | SharedHallEvent
  | { type: 'TicketTaken'; at: number; ticket: TicketDetail }
  | (TicketCalledBase & { outOfTurn: { reason: OutOfTurnReason; note: string } | null })
  | { type: 'TicketCancelled'; at: number; ticketId: string; reason: string }
  | (TicketReassignedBase & {
      /** The hall manager who reassigned it, and why. */
      byStaffId: string;
      reason: string;
      /** Where it waited before. */
      from: { groupId: string; serviceIds: string[]; targetWindowId: string | null };
    })
  | {
      type: 'EvaluationSubmitted';
      at: number;
      ticketId: string;
      windowId: string;
      level: EvaluationLevel;
      caseIds: string[];
      staffId: string | null;
      comment: string;
      /** The hall's default level applied to a case left unrated. */
      isDefault: boolean;
    };

/** Whatever a terminal may receive on `hall:event`: narrow on `type`. */
export type FeedEvent = PublicHallEvent | StaffHallEvent;
export type FeedEventType = FeedEvent['type'];

/** One event of the feed with its seq (rises by one per event). */
export interface HallEventPush<E extends FeedEvent = FeedEvent> {
  seq: number;
  event: E;
}

/** Every feed event type, for documents and receivers that list them. */
export const FEED_EVENT_TYPES = [
  'DayOpened',
  'DayClosed',
  'TicketTaken',
  'TicketCalled',
  'TicketRecalled',
  'TicketStarted',
  'TicketCompleted',
  'TicketNoShow',
  'TicketReturned',
  'TicketTransferred',
  'TicketCancelled',
  'TicketReassigned',
  'WindowSignedIn',
  'WindowSignedOut',
  'WindowPaused',
  'WindowResumed',
  'EvaluationSubmitted',
] as const satisfies readonly FeedEventType[];

/**
 * A call or a recall as displays receive it. Displays get it instead of the feed's `hall:event` copy of the
 * `TicketCalled` / `TicketRecalled` event: `seq` is that event's seq, so a display's feed is its
 * `hall:event` and `call` pushes together, rising by one without a gap.
 */
export type CallPush = CallView & { seq: number };
/** A clerk's own window changed (queue, current ticket, figures). */
export type WindowUpdatePush = Pick<ClerkSnapshot, 'window' | 'current' | 'queue' | 'servable' | 'figures' | 'noShows' | 'seq'>;
/** One PC drives a window: this PC does not (`inUse`: another holds it; `takenOver`: another took it from this one). */
export interface WindowElsewherePush {
  windowId: string;
  windowName: string;
  reason: 'inUse' | 'takenOver';
  at: number;
}
export interface CountsPush {
  seq: number;
  groups: GroupCount[];
}

/** What the server pushes, by socket event name (typed on both the socket.io server and client). */
export interface ServerToClientEvents {
  'hall:snapshot': (snapshot: Snapshot) => void;
  'hall:event': (push: HallEventPush) => void;
  /** A call or a recall, for displays and window screens: in place of the feed's copy, with its seq. */
  call: (call: CallPush) => void;
  /** A clerk's own window view changed (queue, current ticket, figures). */
  'window:update': (update: WindowUpdatePush) => void;
  /** An evaluation pad has a case to rate. */
  'evaluation:pending': (pending: PendingEvaluation | null) => void;
  'hall:counts': (counts: CountsPush) => void;
  /** A queue group waits too long or too many wait: to the console and to clerks of windows that could help. */
  'hall:alert': (alert: HallAlert) => void;
  /** What the calendar says changed with the clock (opening, cut-off, lunch, closing), or the day opened/closed. */
  'hall:status': (status: HallStatusView) => void;
  /** A clerk's window is driven from another PC: in use there (this PC just connected), or taken over from here. */
  'window:elsewhere': (push: WindowElsewherePush) => void;
}

export type PushName = keyof ServerToClientEvents;

/** Every push, for documents and tests that list them. */
export const PUSH_NAMES = [
  'hall:snapshot',
  'hall:event',
  'call',
  'window:update',
  'evaluation:pending',
  'hall:counts',
  'hall:alert',
  'hall:status',
  'window:elsewhere',
] as const satisfies readonly PushName[];

/** What terminals emit: each command with its payload and the ack callback typed with its answer. */
export type ClientToServerEvents = {
  [C in CommandName]: (payload: CommandPayload<C>, ack: AckCallback<C>) => void;
};

// Compile-time: the lists above name every push and every feed event type, nothing else.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyPushListed: Exactly<(typeof PUSH_NAMES)[number], PushName> = true;
const everyEventListed: Exactly<(typeof FEED_EVENT_TYPES)[number], FeedEventType> = true;
void everyPushListed;
void everyEventListed;

/**
 * `GET /api/events?after=SEQ&limit=N`: the public feed read back from the hall's event log, oldest first,
 * for a receiver that missed more than a resync can mend. Ask again with `after: next` while `more`.
 */
export interface EventsPage {
  ok: true;
  events: HallEventPush<PublicHallEvent>[];
  /** The `after` to ask with next: the seq of the last event in this page, or the `after` asked with. */
  next: number;
  /** Events after this page exist. */
  more: boolean;
  /** The hall's current seq. */
  lastSeq: number;
}
