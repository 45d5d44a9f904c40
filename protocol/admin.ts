import { z } from 'zod';
import type { PrinterStatus } from './print';
import type { Bundle, Device, DispatchSettings, Hall, HallWindow, QueueGroup, Service, Staff } from './catalog';
import type { GroupCount, WindowView } from './views';

/**
 * What the admin console's REST routes (`/api/admin/...`) answer, and the report query they take: built by
 * server/admin and server/reports, read by renderer/admin. Environment-neutral (zod and types only), so the
 * page can import it. Times are epoch milliseconds, dates `YYYY-MM-DD` business dates (UTC+08:00).
 */

/** The catalogue as lists of documents, the way the console edits it (`GET /catalog`). */
export interface CatalogDocs {
  hall: Hall;
  settings: DispatchSettings;
  groups: QueueGroup[];
  services: Service[];
  bundles: Bundle[];
  windows: HallWindow[];
  staff: Staff[];
  devices: Device[];
}

// ---- Live view (`GET /live`) ----

/** A window as the live view colours it: closed, paused, serving a ticket, or open and idle. */
export type WindowActivity = 'closed' | 'paused' | 'serving' | 'idle';

/** A ticket waiting past the hall's threshold, for the live view's highlight. */
export interface LongWaitTicket {
  ticketId: string;
  number: string;
  groupId: string;
  /** The priority class's label (老年人优先 ...), not its key. */
  priority: string;
  serviceNames: string[];
  waitedMinutes: number;
}

/**
 * A waiting ticket no window with a clerk can serve now (a matter whose windows are all closed, or a
 * transfer to a window nobody works): the manager opens a window, or cancels it with a reason.
 */
export interface StrandedTicket {
  ticketId: string;
  number: string;
  groupId: string;
  serviceNames: string[];
  waitedMinutes: number;
  /** A transfer to a named window: only that window may call it. */
  targetWindow: { id: string; name: string } | null;
  /** The windows that could serve it if someone signed in, by number. */
  windows: { id: string; number: number; name: string }[];
  /** When the roster opens one of those windows today (epoch ms); null = not known. The take answer's `servableFrom`. */
  servableFrom: number | null;
  /** The windows whose skills serve its matters, a named window or not: where it can be reassigned (改派). */
  matterWindows: { id: string; number: number; name: string }[];
}

/**
 * A waiting ticket in its group's line (the live view's waiting lists, first in line first): what the
 * manager needs to reassign it (改派). `matterWindows`: every window whose skills serve its matters,
 * staffed or not, whether or not it waits for a named window.
 */
export interface WaitingTicket {
  ticketId: string;
  number: string;
  groupId: string;
  serviceIds: string[];
  serviceNames: string[];
  priority: string;
  waitedMinutes: number;
  targetWindow: { id: string; name: string } | null;
  /** No staffed window can call it now (it is in `stranded` too). */
  stranded: boolean;
  matterWindows: { id: string; number: number; name: string }[];
}

/** Matters by queue group, for reassigning a ticket to other matters (改派到其他事项). */
export interface ReassignGroup {
  groupId: string;
  name: string;
  services: { id: string; name: string }[];
}

/**
 * The business day (`GET /api/admin/day`): the date the hall holds beside its clock's own date (Asia/Shanghai),
 * so the console can show a wrong day and offer the way back (a forced open of the clock's date).
 */
export interface DayView {
  businessDate: string | null;
  dayOpen: boolean;
  hallDate: string;
  matchesClock: boolean;
}

/**
 * The hall now, for the console: each group's queue and longest wait, each window open / paused / serving
 * (with its clerk and ticket), the tickets waiting past the wait threshold, and the day's counts.
 */
export interface LiveView {
  now: number;
  businessDate: string | null;
  dayOpen: boolean;
  waitAlertMinutes: number;
  totals: { taken: number; served: number; noShows: number; waiting: number; windowsOpen: number };
  /** `stranded`: how many of the group's waiting tickets no staffed window can serve now. */
  groups: (GroupCount & { overThreshold: boolean; stranded: number })[];
  windows: (WindowView & { activity: WindowActivity })[];
  longWaits: LongWaitTicket[];
  /** Waiting tickets nobody can call now, longest wait first. */
  stranded: StrandedTicket[];
  /** Each group's waiting tickets in line order, at most `WAITING_LIST_LIMIT` per group (the rest are counted in `groups`). */
  waiting: WaitingTicket[];
  matters: ReassignGroup[];
}

/** How many of a group's waiting tickets the live view lists. */
export const WAITING_LIST_LIMIT = 50;

// ---- Reports (`GET /reports`) ----

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), '不是有效日期');

/** How a report groups its rows. */
export const DIMENSIONS = ['hall', 'date', 'group', 'window', 'clerk', 'matter', 'shift', 'priority', 'dayKind'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Each grouping's name, for the report's heading and the console's choice. */
export const DIMENSION_LABELS: Record<Dimension, string> = {
  hall: '全厅',
  date: '日期',
  group: '队列',
  window: '窗口',
  clerk: '工作人员',
  matter: '事项',
  shift: '班次',
  priority: '优先类别',
  dayKind: '工作日/周末',
};

/** The kind of day as reports split it. */
export type ReportDayKind = 'workday' | 'weekend' | 'holiday';
export const DAY_KIND_LABELS: Record<ReportDayKind, string> = { workday: '工作日', weekend: '周末', holiday: '节假日' };

/** A report request: a date range (business dates, both included), a grouping and optional filters. */
export const reportQuerySchema = z
  .object({
    from: date,
    to: date,
    by: z.enum(DIMENSIONS).default('hall'),
    windowId: z.string().min(1).max(64).optional(),
    staffId: z.string().min(1).max(64).optional(),
    serviceId: z.string().min(1).max(64).optional(),
    groupId: z.string().regex(/^[A-Z]$/).optional(),
    shiftId: z.string().min(1).max(64).optional(),
    priority: z.enum(['none', 'elderly', 'disabled', 'military', 'pregnant', 'appointment']).optional(),
    dayKind: z.enum(['workday', 'weekend', 'holiday']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 366, { message: '一次最多查询 367 天', path: ['to'] });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** One row of a report: the figures of one window, clerk, matter ... or of the whole selection. */
export interface ReportRow {
  key: string;
  label: string;
  /** Tickets taken; null where the row or a filter is a window or clerk (a ticket is taken at no window). */
  taken: number | null;
  served: number;
  noShows: number;
  transfers: number;
  avgWaitMinutes: number | null;
  p90WaitMinutes: number | null;
  avgHandlingMinutes: number | null;
  /** Ratings per level 1..5 (index 0 unused), defaults included. */
  levels: [0, number, number, number, number, number];
  /** Of which the hall's default level, applied to cases left unrated. */
  defaults: number;
  rated: number;
  /** 满意率: 非常满意 + 满意 + 基本满意 over all rated cases, in %. */
  satisfactionRate: number | null;
  /** The same without default ratings. */
  satisfactionRateRated: number | null;
  /** 差评 (不满意, 非常不满意), defaults never among them. */
  badRatings: number;
  /** Ratings set aside after an upheld appeal (申诉成立): in none of the figures above. */
  appealsUpheld: number;
}

/** One hour of the day across the range: arrivals, windows open, and waits of the tickets taken in it. */
export interface HourRow {
  hour: number;
  /** Tickets taken in this hour, over the whole range. */
  arrivals: number;
  /** Per day with tickets. */
  arrivalsPerDay: number;
  /** Windows open (signed in, not paused) on average during this hour, per day with tickets. */
  windowsOpen: number;
  avgWaitMinutes: number | null;
  p90WaitMinutes: number | null;
}

/** A rated case as the console names it (in the 差评 list and the follow-ups): ticket, day, window, matters, rating. */
export interface RatedCase {
  caseId: string;
  ticketId: string;
  ticketNumber: string;
  businessDate: string;
  windowId: string;
  windowName: string;
  serviceNames: string[];
  level: number;
  comment: string;
}

/** A 差评 with its case, for following up. */
export interface BadRating extends RatedCase {
  staffId: string;
  staffName: string;
  evaluatedAt: number | null;
  followUp: { id: number; state: string; dueDate: string; overdue: boolean } | null;
}

/** A report: its rows under the chosen grouping, the total, hour by hour, and the 差评 list. */
export interface Report {
  query: ReportQuery;
  by: Dimension;
  byLabel: string;
  /** Business dates in the range with at least one ticket. */
  days: number;
  rows: ReportRow[];
  total: ReportRow;
  hours: HourRow[];
  badRatings: BadRating[];
}

/** Rating levels' names, by level 1..5 (index 0 unused). */
export const LEVEL_NAMES = ['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'] as const;

// ---- 差评 follow-ups (`GET /followups`, `POST /followups/:id/actions`) ----

/** 差评 follow-up states: 待处理, 已联系, 已办结, 申诉复核中, 申诉成立（评价不计入）. */
export type FollowUpState = 'open' | 'contacted' | 'closed' | 'appealed' | 'appeal_upheld';
export const FOLLOW_UP_STATE_NAMES: Record<FollowUpState, string> = {
  open: '待处理',
  contacted: '已联系',
  closed: '已办结',
  appealed: '申诉复核中',
  appeal_upheld: '申诉成立',
};

/** One 差评 follow-up with every step taken on it. */
export interface FollowUp extends RatedCase {
  id: number;
  staffId: string | null;
  staffName: string | null;
  ratedAt: number;
  openedOn: string;
  deadlineDays: number;
  dueDate: string;
  state: FollowUpState;
  overdue: boolean;
  ownerId: string | null;
  ownerName: string | null;
  contactedAt: number | null;
  contactNote: string | null;
  fix: string | null;
  closedAt: number | null;
  closingNote: string | null;
  appealReason: string | null;
  appealedAt: number | null;
  appealResult: 'upheld' | 'rejected' | null;
  appealNote: string | null;
  updatedAt: number;
  /** 回访: the citizen's number if one is kept for the callback, and the calls recorded. */
  callback: FollowUpCallback;
}

/** 回访 outcomes: reached (已联系上), not reached (未接通), resolved (已解决: final, the number is deleted). */
export type CallbackOutcome = 'reached' | 'not_reached' | 'resolved';
export const CALLBACK_OUTCOME_NAMES: Record<CallbackOutcome, string> = {
  reached: '已联系上',
  not_reached: '未接通',
  resolved: '已解决',
};

/** One call made for a follow-up. */
export interface CallbackCall {
  outcome: CallbackOutcome;
  note: string;
  actorName: string;
  at: number;
}

/** A follow-up's callback: the masked number while one is kept (`138****1234`), until when, and the calls. */
export interface FollowUpCallback {
  phoneMasked: string | null;
  /** When the retention job deletes the number if no final outcome comes first (ms). */
  keepUntil: number | null;
  calls: CallbackCall[];
}

// ---- Staff and devices (`GET /staff`, `GET /devices`) ----

/** Staff as the console lists them: whether a password is set, when it last changed, the window signed in at. */
export interface StaffView extends Staff {
  passwordSet: boolean;
  passwordUpdatedAt: number | null;
  windowId: string | null;
  /** When the photo shown on window screens and pads was last changed; null without a photo. */
  photoUpdatedAt: number | null;
}

/** A kiosk printer as the admin console sees it. */
export interface PrinterStatusView {
  deviceId: string;
  deviceName: string;
  uri: string;
  type: 'epson' | 'star';
  paperWidthMm: 58 | 80;
  /** The last status read (poll or print), null before the first. */
  status: PrinterStatus | null;
  lastPrint: { at: number; ticketNumber: string; reprint: boolean; ok: boolean; code: string | null } | null;
}

/**
 * What the console reads of a kiosk printer as the print service last saw it. `PrinterStatusView` carries more;
 * it satisfies this one.
 */
export interface DevicePrinterView {
  status: PrinterStatus | null;
  lastPrint: { at: number; ticketNumber: string; ok: boolean } | null;
}

/** A device as the console lists it: live tokens, when it was last seen, whether it is connected now. */
export interface DeviceView extends Device {
  /** The print service's last word on this kiosk's network printer. */
  printerView: DevicePrinterView | null;
  activeTokens: number;
  lastSeenAt: number | null;
  connected: boolean;
}

// ---- Audit log (`GET /audit`) ----

/** One change as the audit log lists it. `before`/`after` are the objects (null for a create / delete). */
export interface AuditEntry {
  id: number;
  at: number;
  actorId: string;
  actorName: string;
  /** `area.verb`, e.g. `window.update`, `staff.passwordReset`, `catalog.import`. */
  action: string;
  targetKind: string;
  targetId: string | null;
  /** One line in Chinese for the console's list. */
  summary: string;
  before: unknown;
  after: unknown;
}

// ---- Webhooks (`GET /webhooks`) ----

/** Ticket events a webhook can subscribe to (the server maps each to the hall events behind it). */
export const WEBHOOK_EVENT_NAMES = [
  'ticket.taken',
  'ticket.called',
  'ticket.started',
  'ticket.completed',
  'ticket.noShow',
  'ticket.transferred',
  'ticket.cancelled',
  'ticket.evaluated',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

/** A registered webhook with its delivery figures; never the secret itself. */
export interface Webhook {
  id: string;
  url: string;
  events: WebhookEventName[];
  active: boolean;
  description: string;
  createdAt: number;
  /** Only the start of the secret; the whole is shown once, when created or rotated. */
  secretHint: string;
  pending: number;
  dead: number;
  lastDeliveredAt: number | null;
  lastError: string | null;
}

// ---- The console's settings (`GET /config`, `PUT /config`) ----

/**
 * The console's own settings: 差评 follow-up deadlines, the default rating of cases left unrated, and the
 * alert thresholds. The wait threshold itself is the dispatch settings' `waitAlertMinutes`.
 */
export const adminConfigSchema = z.object({
  followUp: z
    .object({
      /** Working days to close a 差评 follow-up (5, 7 and 15 are all in use). */
      deadlineWorkingDays: z.number().int().min(1).max(60).default(5),
    })
    .default({ deadlineWorkingDays: 5 }),
  defaultEvaluation: z
    .object({
      enabled: z.boolean().default(true),
      /** A case unrated this many days after completion takes the default level. */
      afterDays: z.number().int().min(1).max(60).default(7),
      /** 3 基本满意, 4 满意, 5 非常满意: a default is never a 差评. */
      level: z.union([z.literal(3), z.literal(4), z.literal(5)]).default(3),
    })
    .default({ enabled: true, afterDays: 7, level: 3 }),
  alerts: z
    .object({
      enabled: z.boolean().default(true),
      /** Alert when this many wait in one group (the wait threshold is the dispatch settings' waitAlertMinutes). */
      waitingCount: z.number().int().min(1).max(10_000).default(30),
      /** An alert still true is said again after this many minutes. */
      repeatMinutes: z.number().int().min(1).max(240).default(15),
    })
    .default({ enabled: true, waitingCount: 30, repeatMinutes: 15 }),
  /** Text messages to citizens who left a phone number (needs an SMS gateway, docs/privacy.md). */
  notify: z
    .object({
      enabled: z.boolean().default(true),
      /** "前面还有 N 人，请回到大厅" once a ticket has at most this many ahead of it. */
      aheadThreshold: z.number().int().min(1).max(50).default(5),
    })
    .default({ enabled: true, aheadThreshold: 5 }),
  /** How long personal data is kept (docs/privacy.md); the retention job purges what is older, daily. */
  retention: z
    .object({
      /** Masked ID and phone numbers and their look-up hashes on tickets, the event log and answers. */
      applicantDays: z.number().int().min(1).max(3650).default(90),
      /** Citizens' evaluation comments (free text that may name people) and closed follow-ups' notes. */
      commentDays: z.number().int().min(30).max(3650).default(365),
      /** Sent text messages and dead letters (ticket number and text, never the phone number). */
      noticeDays: z.number().int().min(1).max(365).default(30),
      /**
       * A phone number left by a citizen who then rated the service 差评, kept (sealed) for the callback
       * (差评回访) until a final outcome is recorded or this many days pass; 0 = never kept.
       */
      callbackDays: z.number().int().min(0).max(180).default(30),
    })
    .default({ applicantDays: 90, commentDays: 365, noticeDays: 30, callbackDays: 30 }),
  /**
   * Commands a terminal may give (docs/security.md): a token bucket per device and per staff session,
   * refilled at `perSecond` up to `burst`; past it a command is refused with RATE_LIMITED.
   */
  rateLimits: z
    .object({
      /** Kiosks and evaluation pads: a citizen takes a ticket every few seconds at most. */
      devicePerSecond: z.number().min(0.1).max(100).default(2),
      deviceBurst: z.number().int().min(1).max(500).default(10),
      /** Clerks and admins: a few commands a second. */
      staffPerSecond: z.number().min(0.1).max(100).default(5),
      staffBurst: z.number().int().min(1).max(500).default(20),
    })
    .default({ devicePerSecond: 2, deviceBurst: 10, staffPerSecond: 5, staffBurst: 20 }),
});
export type AdminConfig = z.infer<typeof adminConfigSchema>;

// --- Text messages to citizens (GET /api/notify/status) ---

/** A message the gateway never took (after the last attempt, or refused for good). */
export interface NotifyDeadLetter {
  id: number;
  ticketNumber: string;
  kind: 'near' | 'call';
  text: string;
  attempts: number;
  lastError: string | null;
  deadAt: string;
}

/** The notifier as the live view shows it. No phone numbers: messages are named by ticket number. */
export interface NotifyStatus {
  /** An SMS gateway is configured (YICHUANG_SMS_URL and _SECRET). */
  configured: boolean;
  /** Configured and switched on in the settings: numbers are kept and messages queued. */
  enabled: boolean;
  adapter: string;
  /** Open tickets with a phone number kept for them. */
  contacts: number;
  backlog: number;
  sent: number;
  deadLetters: number;
  lastSuccessAt: string | null;
  lastError: { at: string; code: string; message: string } | null;
  nextAttemptAt: string | null;
  recentDeadLetters: NotifyDeadLetter[];
}

// --- District cloud sync (GET /api/sync/status) ---

/** The batch pinned in flight, as status shows it. */
export interface InFlightStatus {
  batchId: string;
  records: number;
  attempts: number;
  since: string;
  /** A request is on the wire right now (otherwise the batch waits for its retry). */
  sending: boolean;
}

/** What the admin console and `GET /api/sync/status` show. Instants are ISO 8601 strings. */
export interface SyncStatus {
  configured: boolean;
  adapter: string;
  backlog: number;
  deadLetters: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: { at: string; code: string; message: string } | null;
  consecutiveFailures: number;
  nextAttemptAt: string | null;
  inFlight: InFlightStatus | null;
}

/** An appointment's state today, as the console lists it. */
export type AppointmentState = 'pending' | 'arrived' | 'late' | 'noShow';

/** One row of the console's appointment list. */
export interface AppointmentRow {
  code: string;
  date: string;
  serviceIds: string[];
  slotStart: number;
  slotEnd: number;
  state: AppointmentState;
  ticketNumber: string | null;
}
