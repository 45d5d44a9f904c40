import type { Bundle, Device, DispatchSettings, Hall, HallWindow, QueueGroup, Service, Staff } from '../../protocol/catalog';
import type { GroupCount, WindowView } from '../../protocol/views';

/**
 * The JSON the admin REST routes answer, as the page reads it. (Server-side these are built in
 * server/admin and server/reports; they belong in protocol/ once the lead moves them there.)
 */
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

export interface LiveView {
  now: number;
  businessDate: string | null;
  dayOpen: boolean;
  waitAlertMinutes: number;
  totals: { taken: number; served: number; noShows: number; waiting: number; windowsOpen: number };
  groups: (GroupCount & { overThreshold: boolean })[];
  windows: (WindowView & { activity: 'closed' | 'paused' | 'serving' | 'idle' })[];
  longWaits: { ticketId: string; number: string; groupId: string; priority: string; serviceNames: string[]; waitedMinutes: number }[];
}

export interface ReportRow {
  key: string;
  label: string;
  taken: number | null;
  served: number;
  noShows: number;
  transfers: number;
  avgWaitMinutes: number | null;
  p90WaitMinutes: number | null;
  avgHandlingMinutes: number | null;
  levels: number[];
  defaults: number;
  rated: number;
  satisfactionRate: number | null;
  satisfactionRateRated: number | null;
  badRatings: number;
  appealsUpheld: number;
}

export interface HourRow {
  hour: number;
  arrivals: number;
  arrivalsPerDay: number;
  windowsOpen: number;
  avgWaitMinutes: number | null;
  p90WaitMinutes: number | null;
}

export interface BadRating {
  caseId: string;
  ticketNumber: string;
  businessDate: string;
  windowName: string;
  staffName: string;
  serviceNames: string[];
  level: number;
  comment: string;
  followUp: { id: number; state: string; dueDate: string; overdue: boolean } | null;
}

export interface Report {
  byLabel: string;
  days: number;
  rows: ReportRow[];
  total: ReportRow;
  hours: HourRow[];
  badRatings: BadRating[];
}

export type FollowUpState = 'open' | 'contacted' | 'closed' | 'appealed' | 'appeal_upheld';
export interface FollowUp {
  id: number;
  caseId: string;
  ticketNumber: string;
  businessDate: string;
  windowName: string;
  staffName: string | null;
  serviceNames: string[];
  level: number;
  comment: string;
  dueDate: string;
  deadlineDays: number;
  state: FollowUpState;
  overdue: boolean;
  ownerId: string | null;
  ownerName: string | null;
  contactNote: string | null;
  fix: string | null;
  closingNote: string | null;
  appealReason: string | null;
  appealResult: 'upheld' | 'rejected' | null;
  appealNote: string | null;
}

export interface StaffView extends Staff {
  passwordSet: boolean;
  passwordUpdatedAt: number | null;
  windowId: string | null;
}

export interface DeviceView extends Device {
  activeTokens: number;
  lastSeenAt: number | null;
  connected: boolean;
  printerView: { status: { online: boolean; paper: string } | null; lastPrint: { at: number; ticketNumber: string; ok: boolean } | null } | null;
}

export interface AuditEntry {
  id: number;
  at: number;
  actorName: string;
  action: string;
  targetKind: string;
  targetId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  description: string;
  secretHint: string;
  pending: number;
  dead: number;
  lastDeliveredAt: number | null;
  lastError: string | null;
}

export interface AdminConfig {
  followUp: { deadlineWorkingDays: number };
  defaultEvaluation: { enabled: boolean; afterDays: number; level: 3 | 4 | 5 };
  alerts: { enabled: boolean; waitingCount: number; repeatMinutes: number };
}

export const LEVEL_NAMES = ['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'] as const;
export const FOLLOW_UP_STATE_NAMES: Record<FollowUpState, string> = {
  open: '待处理',
  contacted: '已联系',
  closed: '已办结',
  appealed: '申诉复核中',
  appeal_upheld: '申诉成立',
};
