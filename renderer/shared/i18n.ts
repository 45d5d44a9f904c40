import { ERROR_CODES, isErrorCode } from '../../protocol/errors';
import type { TicketStateName } from '../../protocol/views';

/**
 * The terminals' Chinese text that is not in the protocol's catalogues: labels, client-side refusals,
 * and time formatting. Server error codes take their text from `protocol/errors.ts`.
 */

/** Refusals the terminal makes itself, before or instead of the server. */
export const CLIENT_ERRORS = {
  OFFLINE: ERROR_CODES.OFFLINE,
  TIMEOUT: ERROR_CODES.TIMEOUT,
} as const;
export type ClientErrorCode = keyof typeof CLIENT_ERRORS;

/** The text to show for a refusal: the server's message when it sent one, else the catalogue's. */
export function errorText(error: { code: string; message?: string } | null | undefined): string {
  if (!error) return '';
  if (error.message) return error.message;
  if (isErrorCode(error.code)) return ERROR_CODES[error.code];
  if (error.code in CLIENT_ERRORS) return CLIENT_ERRORS[error.code as ClientErrorCode];
  return ERROR_CODES.INTERNAL;
}

export const OUTCOME_LABELS = {
  done: '办结',
  accepted: '受理转后台',
  correction: '补正材料',
  rejected: '不予受理',
} as const;
export type OutcomeName = keyof typeof OUTCOME_LABELS;

export const PAUSE_REASON_LABELS = {
  lunch: '午休',
  meeting: '开会',
  backoffice: '后台办件',
  break: '临时离开',
  other: '其他',
} as const;
export type PauseReasonName = keyof typeof PAUSE_REASON_LABELS;

/** 好差评, best first: the order the pad shows them in. */
export const EVALUATION_LEVELS = [
  { level: 5, label: '非常满意' },
  { level: 4, label: '满意' },
  { level: 3, label: '基本满意' },
  { level: 2, label: '不满意' },
  { level: 1, label: '非常不满意' },
] as const;
export type EvaluationLevel = (typeof EVALUATION_LEVELS)[number]['level'];

export const TICKET_STATE_LABELS: Record<TicketStateName, string> = {
  waiting: '等候中',
  called: '已叫号，请前往窗口',
  serving: '办理中',
  completed: '已办结',
  noShow: '已过号',
  cancelled: '已取消',
  closed: '已结束',
};

export const WINDOW_STATUS_LABELS = { open: '服务中', paused: '暂停服务', closed: '暂停服务' } as const;

const TZ = 'Asia/Shanghai';
const timeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const secondsFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric' });
const shortDateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, month: 'long', day: 'numeric' });
const weekdayFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, weekday: 'long' });
const shortWeekdayFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, weekday: 'short' });

/** `09:05` in China time. */
export function formatTime(ms: number, seconds = false): string {
  return (seconds ? secondsFmt : timeFmt).format(ms);
}

/** `2026年11月24日 星期二` in China time. */
export function formatDate(ms: number): string {
  return `${dateFmt.format(ms)} ${weekdayFmt.format(ms)}`;
}

/** `11月30日（周一）09:00`: when the hall opens next (as the calendar's own messages write it). */
export function formatNextOpening(ms: number): string {
  return `${shortDateFmt.format(ms)}（${shortWeekdayFmt.format(ms)}）${timeFmt.format(ms)}`;
}

/**
 * The estimate of a ticket nobody can call now (no staffed window serves it): never "即将叫号". Names the
 * time the roster opens a window that can, or sends the citizen to the help desk.
 */
export function unservableText(servableFrom: number | null): string {
  return servableFrom === null ? '当前暂无窗口办理，请咨询导办台' : `当前暂无窗口办理，预计 ${timeFmt.format(servableFrom)} 开始`;
}

/** `约 12 分钟`, `即将叫号` for none, `约 1 小时 20 分钟` past the hour. */
export function formatWait(minutes: number): string {
  if (minutes <= 0) return '即将叫号';
  if (minutes < 60) return `约 ${minutes} 分钟`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `约 ${h} 小时 ${m} 分钟` : `约 ${h} 小时`;
}

/** A running duration: `12 分 05 秒`, or `1 小时 02 分` past the hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} 小时 ${String(m).padStart(2, '0')} 分`;
  return `${m} 分 ${String(s).padStart(2, '0')} 秒`;
}
