import type {
  Bundle,
  DispatchSettings,
  Hall,
  HallWindow,
  PriorityClass,
  QueueGroup,
  Service,
  Staff,
} from '../../protocol/catalog';
import type { ErrorCode } from '../../protocol/errors';
import type { QueueIndex } from './queue-index';

/** The catalogue as the domain sees it: looked up by id. Replaced whole when an admin changes it. */
export interface Catalog {
  hall: Hall;
  groups: Map<string, QueueGroup>;
  services: Map<string, Service>;
  bundles: Map<string, Bundle>;
  windows: Map<string, HallWindow>;
  staff: Map<string, Staff>;
  settings: DispatchSettings;
}

export type TicketState = 'waiting' | 'called' | 'serving' | 'completed' | 'noShow' | 'cancelled' | 'closed';
/** States a ticket can end its day in. */
export const FINAL_STATES: readonly TicketState[] = ['completed', 'noShow', 'cancelled', 'closed'];

/** 办结, 受理转后台, 补正材料, 不予受理 */
export type Outcome = 'done' | 'accepted' | 'correction' | 'rejected';

/**
 * The applicant as the hall keeps them: masked for display, a keyed hash for look-up, never in full, and
 * no birth date or age (the priority class says what the queue needs). See docs/privacy.md.
 */
export interface Applicant {
  /** 3301**********1234 */
  idMasked?: string;
  /** HMAC-SHA256 under the hall's lookup key (server/auth/keys.ts). */
  idHash?: string;
  /** 138****5678 */
  phoneMasked?: string;
  phoneHash?: string;
}

export interface Ticket {
  id: string;
  number: string;
  groupId: string;
  businessDate: string;
  serviceIds: string[];
  bundleId: string | null;
  priority: PriorityClass;
  /** Why the priority class was set: chosen at the kiosk, derived from the ID number, or an appointment. */
  prioritySource: 'none' | 'declared' | 'id-number' | 'appointment';
  appointmentCode: string | null;
  applicant: Applicant;
  state: TicketState;
  takenAt: number;
  /** When it last entered the waiting line (take, transfer, return). */
  queuedAt: number;
  /** Waiting already done before the last (re)queue: a transfer keeps it. */
  waitedMs: number;
  /** Ordering key: earlier goes first. queuedAt − waitedMs − priority bonus, or a placement for returns. */
  sortKey: number;
  /** Tie-break among equal keys: the order tickets entered the line. */
  ordinal: number;
  /** A transfer to a named window: only that window may call it. */
  targetWindowId: string | null;
  windowId: string | null;
  staffId: string | null;
  calledAt: number | null;
  lastCalledAt: number | null;
  callCount: number;
  startedAt: number | null;
  completedAt: number | null;
  endedAt: number | null;
  returns: number;
  transfers: number;
  outcome: Outcome | null;
  caseIds: string[];
  endReason: string | null;
  /** The kiosk (device id) that issued it; absent for tickets issued before this was kept. */
  issuedBy?: string;
}

export type WindowStatus = 'closed' | 'open' | 'paused';
export type PauseReason = 'lunch' | 'meeting' | 'backoffice' | 'break' | 'other';

export interface WindowRuntime {
  id: string;
  status: WindowStatus;
  staffId: string | null;
  pauseReason: PauseReason | null;
  currentTicketId: string | null;
  /** Priority calls in a row, for the interleave rule. */
  priorityStreak: number;
  since: number;
}

/** Why a ticket was the one called: every choice carries its reason (the wire's shape, protocol/answers.ts). */
export type { DispatchReasonView as DispatchReason } from '../../protocol/answers';

export interface CaseInfo {
  caseId: string;
  /** One matter, or the bundle's matters. */
  serviceIds: string[];
  bundleId: string | null;
}

export interface CallRecord {
  ticketId: string;
  number: string;
  windowId: string;
  at: number;
  recall: boolean;
}

/** Figures the estimate and the clerk's "today" panel draw on. */
export interface DayFigures {
  taken: number;
  served: number;
  noShows: number;
  /** Recent handling times in ms per group, newest last, bounded. */
  recentHandling: Map<string, number[]>;
  perWindow: Map<string, { served: number; waitMs: number; handleMs: number; evaluations: number; satisfied: number }>;
}

export interface Appointment {
  code: string;
  serviceIds: string[];
  date: string;
  slotStart: number;
  slotEnd: number;
  usedByTicketId: string | null;
}

export interface HallState {
  catalog: Catalog;
  businessDate: string | null;
  dayOpen: boolean;
  counters: Map<string, number>;
  caseCounter: number;
  nextOrdinal: number;
  tickets: Map<string, Ticket>;
  windows: Map<string, WindowRuntime>;
  queue: QueueIndex;
  /** Tickets taken today per matter, walk-in and by appointment, for the daily caps. */
  serviceTaken: Map<string, { walkIn: number; appointment: number }>;
  appointments: Map<string, Appointment>;
  /** case id → ticket id, and which cases are rated. */
  cases: Map<string, { ticketId: string; evaluated: boolean }>;
  recentCalls: CallRecord[];
  /** Tickets now in the no-show state (they may come back): a clerk's list without scanning the day. */
  noShowIds: Set<string>;
  /** window id → its last completed ticket (for the evaluation pad). */
  lastCompleted: Map<string, string>;
  figures: DayFigures;
}

/** A refusal from decide: typed, with a message safe for a terminal. */
export interface DomainError {
  code: ErrorCode;
  message: string;
}

/** What the calendar says to the domain; the server passes the real calendar, tests a fake. */
export interface ScheduleCheck {
  canIssue(at: number, groupId: string, serviceIds: string[]): DomainError | null;
  canSignIn(at: number, staffId: string, windowId: string): DomainError | null;
}

/** Everything decide needs from outside: time and fresh ids, passed in so the domain stays pure. */
export interface DecideContext {
  now: number;
  newId: () => string;
  schedule?: ScheduleCheck;
}
