import type { CalendarDayView } from '../../protocol/calendar';
import { plannerSaveSchema, type RosterHour } from '../../protocol/planner';
import { createCalendar, createChineseDaysSource, parseCalendarConfig } from '../calendar';
import type { Shift } from '../calendar/schema';
import { readCalendarDoc } from '../catalog/catalog-store';
import { calendarView, readCalendarOverrides } from './calendar-admin';
import { putDoc, readDocs } from './catalog-docs';
import { calendarReferenceIssues } from './calendar-refs';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { badRequest, invalidState, zodIssues } from './errors';

/**
 * Saves a roster from the staffing planner (排班测算) as the calendar's roster of one 办事无休日 or holiday
 * duty day: dated shifts, one per run of consecutive hours with the same windows, which win over the weekly
 * shifts on their day (docs/calendar.md). The staff who may sign in and the matters served are those of the
 * day's shifts before. The date is taken off any other shift that named it; a shift left with no day at all
 * goes. One configuration write with its audit row.
 */
export function savePlannedRoster(ctx: AdminContext, actor: Actor, date: string, body: unknown): CalendarDayView {
  const parsed = plannerSaveSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`排班无效：${zodIssues(parsed.error)[0]!.path} ${zodIssues(parsed.error)[0]!.message}`, zodIssues(parsed.error));
  const doc = readCalendarDoc(ctx.db);
  const stored = doc === null ? null : parseCalendarConfig(doc);
  if (!stored?.ok) throw invalidState('大厅尚未配置日历，排班无法保存');
  const config = stored.value;
  const holidays = ctx.deps.holidays ?? createChineseDaysSource();
  const plan = createCalendar(config, readCalendarOverrides(ctx.db), holidays).plan(date);
  if (plan.dayKind !== 'weekend-service' && plan.dayKind !== 'holiday-service') {
    throw badRequest(`${date} 不是办事无休日或节假日值班日，排班只能保存到这两类日期`);
  }
  const staffIds = [...new Set(plan.shifts.flatMap((s) => s.staffIds))];
  if (staffIds.length === 0) throw badRequest(`${date} 没有班次可沿用工作人员，请先在日历中为当日排班`);
  const serviceIds = plan.shifts.some((s) => s.serviceIds === null) ? null : [...new Set(plan.shifts.flatMap((s) => s.serviceIds ?? []))];
  const shifts = shiftsOf(date, parsed.data.roster, plan.blocks, staffIds, serviceIds);
  if (shifts.length === 0) throw badRequest('排班中没有任何窗口');

  const kept = config.roster
    .map((s) => (s.days.dates.includes(date) ? { ...s, days: { ...s.days, dates: s.days.dates.filter((d) => d !== date) } } : s))
    .filter((s) => s.days.weekend.length > 0 || s.days.holiday || s.days.dates.length > 0);
  const next = parseCalendarConfig({ ...config, roster: [...kept, ...shifts] });
  if (!next.ok) throw badRequest(next.error.message, next.error.issues);
  const d = readDocs(ctx.db);
  const refs = calendarReferenceIssues(next.value, { windows: new Set(d.windows.map((w) => w.id)), staff: new Set(d.staff.map((s) => s.id)), services: new Set(d.services.map((s) => s.id)) });
  if (refs.length > 0) throw badRequest(`排班无效：${refs[0]!.message}`, refs.map((r) => ({ path: r.path, message: r.message })));
  ctx.change(
    actor,
    () => putDoc(ctx.db, 'calendar', 'calendar', next.value),
    () => ({
      action: 'calendar.plannedRoster',
      targetKind: 'calendar',
      targetId: date,
      summary: `按排班测算保存 ${date} 的排班（${shifts.map((s) => `${s.hours.open}-${s.hours.close} ${s.windowIds.length} 个窗口`).join('，')}）`,
      before: config,
      after: next.value,
    }),
  );
  ctx.deps.onCalendarChanged?.();
  return calendarView(ctx, date.slice(0, 7)).days.find((x) => x.date === date)!;
}

/** Consecutive hours with the same windows, inside one open block of the day, make one dated shift. */
function shiftsOf(date: string, roster: readonly RosterHour[], blocks: readonly { from: number; to: number }[], staffIds: string[], serviceIds: string[] | null): Shift[] {
  const pieces: { from: number; to: number; windowIds: string[] }[] = [];
  for (const r of [...roster].sort((a, b) => a.hour - b.hour)) {
    const windowIds = [...new Set(r.windowIds)].sort();
    if (windowIds.length === 0) continue;
    for (const b of blocks) {
      const from = Math.max(b.from, r.hour * 60);
      const to = Math.min(b.to, r.hour * 60 + 60);
      if (to <= from) continue;
      const last = pieces[pieces.length - 1];
      if (last && last.to === from && last.windowIds.join() === windowIds.join()) last.to = to;
      else pieces.push({ from, to, windowIds });
    }
  }
  return pieces.map((p, i) => ({
    id: `plan-${date}-${i + 1}`,
    name: `测算排班 ${hhmm(p.from)}-${hhmm(p.to)}`,
    days: { weekend: [], holiday: false, dates: [date] },
    hours: { open: hhmm(p.from), close: hhmm(p.to) },
    lunchBreak: null,
    windowIds: p.windowIds,
    staffIds,
    serviceIds,
    note: `${date} 由排班测算保存`,
  }));
}

/** Minutes since midnight as the calendar writes a time: `09:00`. */
function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
