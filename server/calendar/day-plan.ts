import type { HolidayDay, HolidaySource } from './holidays';
import type { CalendarConfig, CalendarOverride, ExtendedHours, Hours, LunchBreak, Shift } from './schema';
import { isoWeekday, parseHhmm, yearOf } from './time';

/**
 * What one date looks like in the hall: the kind of day and its open sessions, in minutes since
 * Shanghai midnight. Everything the calendar answers about an instant is read off this plan.
 */

/** The kind of day, as terminals and reports see it. */
export type DayKind = 'workday' | 'weekend-service' | 'holiday-service' | 'closed' | 'unknown';
/** Where the answer comes from: a hall override, the holiday library, the hall's own entries for the year, or the unknown-year fallback. */
export type DayBasis = 'override' | 'holiday-data' | 'hall-entered' | 'fallback';

/** A stretch of the day during which the hall is open, with who serves what. */
export interface Session {
  from: number;
  to: number;
  /** Windows open in this stretch; null = all. */
  windowIds: readonly string[] | null;
  /** Matters served in this stretch; null = all. */
  serviceIds: readonly string[] | null;
  shiftId: string | null;
  part: 'regular' | 'lunch' | 'extended' | 'shift' | 'override';
}

/** When and where clerks may sign in: a shift (from `signInEarlyMinutes` before it opens) or the workday. */
export interface Duty {
  from: number;
  to: number;
  windowIds: readonly string[] | null;
  /** Who may sign in; null = any clerk. */
  staffIds: readonly string[] | null;
  shiftId: string | null;
}

export interface DayPlan {
  date: string;
  weekday: number;
  dayKind: DayKind;
  basis: DayBasis;
  /** The day's underlying kind after overrides: decides which timetable or roster applies. */
  base: 'workday' | 'weekend' | 'holiday' | 'closed';
  holidayName: string | null;
  makeUpWorkday: boolean;
  override: CalendarOverride | null;
  sessions: Session[];
  /** Contiguous open stretches (sessions merged): closing time and cut-off refer to these. */
  blocks: { from: number; to: number }[];
  shifts: Shift[];
  extended: ExtendedHours | null;
  duties: Duty[];
  /** Windows open at some time today; null = all. */
  windowIds: readonly string[] | null;
  /** Matters served at some time today; null = all. */
  serviceIds: readonly string[] | null;
  warnings: string[];
}

export interface PlanContext {
  config: CalendarConfig;
  override: CalendarOverride | null;
  holidays: HolidaySource;
  /** The hall has entered this year's holidays itself (overrides of kind holiday). */
  hallEntered(year: number): boolean;
}

/** Builds the plan of one date. Pure: same inputs, same plan. */
export function planDay(date: string, ctx: PlanContext): DayPlan {
  const weekday = isoWeekday(date);
  const known = classify(date, ctx);
  const { override } = ctx;
  let base: DayPlan['base'] = known.day.kind;
  if (override?.kind === 'holiday') base = 'holiday';
  if (override?.kind === 'workday') base = 'workday';
  if (override?.kind === 'closed') base = 'closed';

  const warnings: string[] = [];
  const unknownClosed = known.basis === 'fallback' && ctx.config.unknownYear === 'closed' && !override;
  const roster = base === 'weekend' || base === 'holiday' ? pickShifts(date, weekday, base, ctx.config.roster) : [];
  if (base === 'workday') {
    const ignored = ctx.config.roster.filter((s) => s.days.dates.includes(date));
    for (const s of ignored) warnings.push(`班次「${s.name}」排在 ${date}，但当天是工作日，按工作日时间表开放`);
  }
  // An hours override is the whole day: no evening extension on top of it.
  const extended =
    base === 'workday' && override?.kind !== 'hours' ? pickExtended(date, weekday, ctx.config.extendedHours) : null;

  let sessions: Session[];
  let shifts: Shift[] = roster;
  if (unknownClosed || base === 'closed') {
    sessions = [];
    shifts = [];
  } else if (override?.kind === 'hours') {
    sessions = overrideSessions(override.hours, roster);
  } else if (base === 'workday') {
    sessions = workdaySessions(ctx.config, extended);
  } else {
    sessions = roster.flatMap(shiftSessions);
  }
  sessions.sort((a, b) => a.from - b.from || a.to - b.to);

  const early = ctx.config.signInEarlyMinutes;
  const duties: Duty[] =
    sessions.length === 0
      ? []
      : shifts.length > 0
        ? shifts.map((s) => {
            const h = override?.kind === 'hours' ? override.hours : s.hours;
            return { from: Math.max(0, parseHhmm(h.open) - early), to: parseHhmm(h.close), windowIds: s.windowIds, staffIds: s.staffIds, shiftId: s.id };
          })
        : [{ from: Math.max(0, sessions[0]!.from - early), to: Math.max(...sessions.map((s) => s.to)), windowIds: null, staffIds: null, shiftId: null }];

  const dayKind: DayKind =
    known.basis === 'fallback' && (!override || override.kind === 'hours')
      ? 'unknown'
      : sessions.length === 0
        ? 'closed'
        : base === 'workday'
          ? 'workday'
          : base === 'holiday'
            ? 'holiday-service'
            : 'weekend-service';

  return {
    date,
    weekday,
    dayKind,
    basis: override ? 'override' : known.basis,
    base: sessions.length === 0 ? 'closed' : base,
    holidayName: holidayNameOf(base, weekday, known.day, override),
    makeUpWorkday: base === 'workday' && weekday >= 6,
    override,
    sessions,
    blocks: mergeIntervals(sessions),
    shifts,
    extended: sessions.length > 0 ? extended : null,
    duties,
    windowIds: sessions.length === 0 ? [] : unionIds(sessions.map((s) => s.windowIds)),
    serviceIds: sessions.length === 0 ? [] : unionIds(sessions.map((s) => s.serviceIds)),
    warnings,
  };
}

/** The holiday a day off or a make-up workday belongs to; the hall's own name wins. */
function holidayNameOf(base: DayPlan['base'], weekday: number, day: HolidayDay, override: CalendarOverride | null): string | null {
  if (override?.kind === 'holiday') return override.name;
  if (override?.kind === 'workday') return weekday >= 6 ? override.name : null;
  if (base === 'holiday' || (base === 'workday' && day.makeUpWorkday)) return day.holidayName;
  return null;
}

/** The holiday answer for a date: the library, else the hall's own entries, else the fallback. */
function classify(date: string, ctx: PlanContext): { day: HolidayDay; basis: DayBasis } {
  const fromSource = ctx.holidays.day(date);
  if (fromSource !== 'unknown') return { day: fromSource, basis: 'holiday-data' };
  const weekend = isoWeekday(date) >= 6;
  const day: HolidayDay = { date, kind: weekend ? 'weekend' : 'workday', makeUpWorkday: false, holidayName: null };
  return { day, basis: ctx.hallEntered(yearOf(date)) ? 'hall-entered' : 'fallback' };
}

/** Dated shifts win on their day; otherwise the weekend or holiday roster. */
function pickShifts(date: string, weekday: number, base: 'weekend' | 'holiday', roster: Shift[]): Shift[] {
  const dated = roster.filter((s) => s.days.dates.includes(date));
  if (dated.length > 0) return dated;
  if (base === 'holiday') return roster.filter((s) => s.days.holiday);
  const day = weekday === 6 ? 'sat' : 'sun';
  return roster.filter((s) => s.days.weekend.includes(day));
}

/** A dated extension wins over a weekday one. */
function pickExtended(date: string, weekday: number, list: ExtendedHours[]): ExtendedHours | null {
  return list.find((e) => e.dates.includes(date)) ?? list.find((e) => e.weekdays.includes(weekday)) ?? null;
}

function workdaySessions(config: CalendarConfig, extended: ExtendedHours | null): Session[] {
  const { hours, lunchBreak } = config.weekday;
  const out = splitByLunch(hours, lunchBreak, null, null, null, 'regular');
  if (extended) {
    out.push({
      from: parseHhmm(hours.close),
      to: parseHhmm(extended.close),
      windowIds: extended.windowIds,
      serviceIds: extended.serviceIds,
      shiftId: null,
      part: 'extended',
    });
  }
  return out;
}

function shiftSessions(s: Shift): Session[] {
  return splitByLunch(s.hours, s.lunchBreak, s.windowIds, s.serviceIds, s.id, 'shift');
}

/** An hours override: one continuous stretch; the day's shifts keep their windows and matters. */
function overrideSessions(hours: Hours, roster: Shift[]): Session[] {
  const from = parseHhmm(hours.open);
  const to = parseHhmm(hours.close);
  if (roster.length === 0) return [{ from, to, windowIds: null, serviceIds: null, shiftId: null, part: 'override' }];
  return roster.map((s) => ({ from, to, windowIds: s.windowIds, serviceIds: s.serviceIds, shiftId: s.id, part: 'override' }));
}

function splitByLunch(
  hours: Hours,
  lunch: LunchBreak | null,
  windowIds: readonly string[] | null,
  serviceIds: readonly string[] | null,
  shiftId: string | null,
  part: Session['part'],
): Session[] {
  const open = parseHhmm(hours.open);
  const close = parseHhmm(hours.close);
  if (!lunch) return [{ from: open, to: close, windowIds, serviceIds, shiftId, part }];
  const start = parseHhmm(lunch.start);
  const end = parseHhmm(lunch.end);
  const out: Session[] = [{ from: open, to: start, windowIds, serviceIds, shiftId, part }];
  if (lunch.mode === 'reduced') {
    out.push({ from: start, to: end, windowIds: lunch.windowIds, serviceIds, shiftId, part: 'lunch' });
  }
  out.push({ from: end, to: close, windowIds, serviceIds, shiftId, part });
  return out;
}

/** The union of time intervals as disjoint, ordered blocks (touching intervals join). */
export function mergeIntervals(list: readonly { from: number; to: number }[]): { from: number; to: number }[] {
  const sorted = [...list].sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

/** Union of id lists where null means "all": any null makes the union null. */
export function unionIds(lists: (readonly string[] | null)[]): readonly string[] | null {
  if (lists.some((l) => l === null)) return null;
  return [...new Set(lists.flatMap((l) => l ?? []))].sort();
}
