import type { DayPlan } from './day-plan';
import { businessDateOf, addDays, formatMinutes, isoWeekday, minuteOfDay, weekdayName } from './time';

/** Chinese text the calendar hands to terminals: banners, refusals, warnings. */

/** A coming instant as a citizen reads it: 今日 13:30 / 明日（周六）9:00 / 10月8日（周四）9:00. */
export function formatWhen(targetMs: number, nowMs: number): string {
  const date = businessDateOf(targetMs);
  const today = businessDateOf(nowMs);
  const time = formatMinutes(minuteOfDay(targetMs));
  const wd = weekdayName(isoWeekday(date));
  if (date === today) return `今日 ${time}`;
  if (date === addDays(today, 1)) return `明日（${wd}）${time}`;
  const [y, m, d] = date.split('-').map(Number);
  const sameYear = date.slice(0, 4) === today.slice(0, 4);
  return `${sameYear ? '' : `${y}年`}${m}月${d}日（${wd}）${time}`;
}

/** "9:00-12:00、13:30-17:00" for the open stretches of a day. */
export function formatBlocks(plan: DayPlan): string {
  return plan.blocks.map((b) => `${formatMinutes(b.from)}-${formatMinutes(b.to)}`).join('、');
}

/** The banner for the kiosk and displays; null on an ordinary workday or a closed day. */
export function bannerOf(plan: DayPlan): string | null {
  if (plan.blocks.length === 0 || plan.dayKind === 'unknown') return null;
  const wd = weekdayName(plan.weekday);
  const hours = formatBlocks(plan);
  if (plan.dayKind === 'weekend-service') return `办事无休日 · ${wd} ${hours}`;
  if (plan.dayKind === 'holiday-service') return `办事无休日 · ${plan.holidayName ?? '节假日'} · ${wd} ${hours}`;
  if (plan.override?.kind === 'hours') return `${plan.override.name} · 今日办公 ${hours}`;
  if (plan.makeUpWorkday) return `调休上班 · ${wd} ${hours}`;
  if (plan.extended) return `${plan.extended.name} · 今日办理至 ${formatMinutes(plan.blocks[plan.blocks.length - 1]!.to)}`;
  return null;
}

/** The warning for a year without holiday data. */
export function yearWarning(year: number, policy: 'weekday-rules' | 'closed'): string {
  const then =
    policy === 'closed'
      ? '在录入之前，大厅按不开放处理。'
      : '在录入之前，按周一至周五上班、周末休息推算，法定节假日可能被当作工作日。';
  return `${year} 年法定节假日和调休安排缺失：请在管理后台录入 ${year} 年节假日安排（国务院通知通常于上一年 11 月发布）。${then}`;
}

/** "下次开放时间：..." or the plain fact that nothing is planned. */
export function nextText(label: string, nextMs: number | null, nowMs: number): string {
  return nextMs === null ? '暂无开放安排' : `${label}：${formatWhen(nextMs, nowMs)}`;
}

/** Why the hall is shut at this instant, as the kiosk says it. */
export function closedReason(plan: DayPlan, minute: number): string {
  if (plan.blocks.length === 0) {
    if (plan.override?.kind === 'closed') return `今日${plan.override.name}，大厅不办公`;
    if (plan.dayKind === 'unknown') return '今日节假日安排未知，大厅不办公';
    if (plan.holidayName) return `今日${plan.holidayName}假期，大厅休息`;
    return '今日大厅休息';
  }
  const first = plan.blocks[0]!;
  const last = plan.blocks[plan.blocks.length - 1]!;
  if (minute < first.from) return '大厅尚未开始办公';
  if (minute >= last.to) return '今日办公已结束';
  return '午间休息';
}
