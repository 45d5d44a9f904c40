import type { KioskCatalog, PriorityClass, Material } from './catalog';
import type { Role } from './commands';
import type { TicketPrintData, WaitRange } from './print';

// The answers and the pushes have their own modules; these names stay importable from here.
export type { Ack } from './answers';
export type { HallEventPush } from './pushes';

/**
 * What the server sends the terminals. Public shapes (`*Public`) never carry personal data: a display, a
 * kiosk or the ticket status page sees only these. Times are epoch milliseconds.
 */
export type TicketStateName = 'waiting' | 'called' | 'serving' | 'completed' | 'noShow' | 'cancelled' | 'closed';

export interface TicketPublic {
  id: string;
  number: string;
  groupId: string;
  state: TicketStateName;
  serviceIds: string[];
  bundleId: string | null;
  priority: PriorityClass;
  takenAt: number;
  calledAt: number | null;
  windowId: string | null;
}

/** A ticket as a clerk sees it: masked applicant data, counters, the reason it is next. */
export interface TicketDetail extends TicketPublic {
  prioritySource: 'none' | 'declared' | 'id-number' | 'appointment';
  appointmentCode: string | null;
  idMasked: string | null;
  phoneMasked: string | null;
  queuedAt: number;
  waitedMs: number;
  callCount: number;
  lastCalledAt: number | null;
  startedAt: number | null;
  completedAt: number | null;
  returns: number;
  transfers: number;
  targetWindowId: string | null;
  outcome: string | null;
  caseIds: string[];
}

export interface QueueItem {
  ticket: TicketDetail;
  reason: { code: string; text: string };
}

export interface WindowView {
  id: string;
  number: number;
  name: string;
  comprehensive: boolean;
  status: 'closed' | 'open' | 'paused';
  pauseReason: string | null;
  staffName: string | null;
  staffId: string | null;
  currentTicket: TicketPublic | null;
  since: number;
}

export interface CallView {
  ticketId: string;
  number: string;
  windowId: string;
  windowNumber: number;
  windowName: string;
  at: number;
  recall: boolean;
}

export interface GroupCount {
  groupId: string;
  name: string;
  kind: string;
  waiting: number;
  longestWaitMinutes: number;
}

/** What the calendar says now, as far as terminals care. */
export interface HallStatusView {
  businessDate: string | null;
  dayOpen: boolean;
  open: boolean;
  issuing: boolean;
  dayKind: string;
  banner: string | null;
  closesAt: number | null;
  cutoffAt: number | null;
  nextOpenAt: number | null;
  message: string | null;
  warnings: string[];
}

export interface HallInfo {
  id: string;
  code: string;
  name: string;
  notice: string;
}

export interface WindowFiguresView {
  served: number;
  avgWaitMinutes: number;
  avgHandlingMinutes: number;
  evaluations: number;
  satisfactionRate: number | null;
}

interface SnapshotBase {
  seq: number;
  now: number;
  role: Role;
  hall: HallInfo;
  status: HallStatusView;
  groups: GroupCount[];
  windows: WindowView[];
  recentCalls: CallView[];
}

export interface KioskSnapshot extends SnapshotBase {
  role: 'kiosk';
  device: { id: string; name: string; printer: { attached: boolean; network: boolean } | null };
  catalog: KioskCatalog;
  /** The hall sends text messages (a gateway configured and switched on): only then is a phone number asked for. */
  textMessages: boolean;
  /**
   * Days a number is kept for a 差评 callback (差评回访) after the citizen rates the service 不满意 or
   * 非常不满意; 0 = never. The consent line says so: the citizen agrees to exactly what is kept.
   */
  phoneCallbackDays: number;
}
export interface DisplaySnapshot extends SnapshotBase {
  role: 'display';
  device: { id: string; name: string; windowId: string | null } | null;
}
export interface ClerkSnapshot extends SnapshotBase {
  role: 'clerk' | 'admin';
  me: { staffId: string; name: string; role: 'clerk' | 'admin'; windowId: string | null };
  window: WindowView | null;
  current: TicketDetail | null;
  queue: QueueItem[];
  servable: number;
  figures: WindowFiguresView | null;
  services: { id: string; name: string; groupId: string; materials: Material[] }[];
  bundles: { id: string; name: string; serviceIds: string[] }[];
  allWindows: { id: string; number: number; name: string }[];
  /**
   * Today's no-shows this window could serve that may still come back (returned fewer times than the
   * hall's `noShowMaxReturns`), newest first, at most 20: the clerk's 过号重排 list. Always sent by the
   * server; optional in the type so terminal fixtures written before it keep compiling.
   */
  noShows: TicketDetail[];
}
export interface EvalSnapshot extends SnapshotBase {
  role: 'eval';
  device: { id: string; name: string; windowId: string | null };
  pending: PendingEvaluation | null;
}
export type Snapshot = KioskSnapshot | DisplaySnapshot | ClerkSnapshot | EvalSnapshot;

export interface PendingEvaluation {
  ticketId: string;
  number: string;
  caseIds: string[];
  serviceNames: string[];
  staffName: string | null;
  windowName: string;
  completedAt: number;
}

/**
 * Whether anybody can call a waiting ticket: false when no window with a clerk signed in serves it (当前暂无
 * 窗口办理), and then the wait estimate means nothing; `servableFrom` is when the roster opens a window that
 * can, later today (null = not known). A ticket not waiting is servable.
 */
export interface Servable {
  servableNow: boolean;
  servableFrom: number | null;
}

export interface TakeResult extends Servable {
  ticket: TicketPublic;
  ahead: number;
  estimatedWaitMinutes: number;
  estimateRange?: WaitRange | null;
  /** What a local printer needs (the kiosk's preload bridge prints it as it is): the print wire's own type. */
  print: TicketPrintData;
}

/** The wait's 10–90 % range (defined with the print wire, which carries it too). */
export type { WaitRange } from './print';

/** An alert about a queue group ("A 组等候超过 30 分钟，建议增开窗口"); `cleared` when it has passed. */
export interface HallAlert {
  id: string;
  groupId: string;
  groupName: string;
  kind: 'wait' | 'count';
  message: string;
  waiting: number;
  longestWaitMinutes: number;
  at: number;
  cleared: boolean;
}

/** The public status of a ticket (the QR code on the ticket): no personal data. */
export interface TicketStatusView extends Servable {
  id: string;
  number: string;
  state: TicketStateName;
  ahead: number | null;
  estimatedWaitMinutes: number | null;
  estimateRange?: WaitRange | null;
  windowNumber: number | null;
  windowName: string | null;
  serviceNames: string[];
  takenAt: number;
  hallName: string;
  /** Text messages will reach this ticket (a number is kept for it). Never the number, not even masked: the page is public. */
  textReminder?: boolean;
}
