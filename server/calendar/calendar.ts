import { planDay, unionIds, type DayBasis, type DayKind, type DayPlan, type Session } from './day-plan';
import type { HolidaySource } from './holidays';
import { bannerOf, closedReason, formatWhen, nextText, yearWarning } from './messages';
import type { CalendarConfig, CalendarOverride, Shift } from './schema';
import { addDays, businessDateOf, DAY_MS, instantAt, isIsoDate, MINUTE_MS, yearOf, formatMinutes } from './time';

/**
 * The hall calendar: for any instant, is the hall open, who works, what is served, when ticket
 * issuing stops and when the hall next opens. Pure: the time is always an argument, nothing is read
 * from the machine (its time zone included). Build one per configuration change.
 */

/** How far forward "next opening" looks before it gives up (a hall shut for longer says 暂无开放安排). */
const SEARCH_DAYS = 400;
/** The coming year's missing data is warned about this many days before it starts. */
const NEXT_YEAR_WARNING_DAYS = 45;

export interface CalendarStatus {
  at: number;
  businessDate: string;
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  weekday: number;
  dayKind: DayKind;
  basis: DayBasis;
  holidayName: string | null;
  makeUpWorkday: boolean;
  override: { kind: CalendarOverride['kind']; name: string; note: string } | null;
  /** Some window is serving now. */
  open: boolean;
  /** Tickets can be taken now, for some queue group (each group: `cutoffAt` / `canIssue`). */
  issuing: boolean;
  inLunchBreak: boolean;
  /** The day's first opening and last closing; null on a closed day. */
  opensAt: number | null;
  closesAt: number | null;
  blocks: { opensAt: number; closesAt: number }[];
  /** When issuing stops in the current (or next, today) open stretch: the default and each configured group. */
  cutoffAt: { default: number | null; groups: Record<string, number> };
  /** The earliest instant ≥ `at` at which the hall is open (`at` itself while open); null if none within a year. */
  nextOpenAt: number | null;
  /** The earliest instant ≥ `at` at which some group may take a ticket (`at` itself while issuing). */
  nextIssuingAt: number | null;
  /** The kiosk's headline while no ticket can be taken ("暂停取号，下次取号时间：..."); null while issuing. */
  message: string | null;
  /** The shift serving now, or null (workday, or outside shift hours). */
  shift: Shift | null;
  shiftsToday: { id: string; name: string; open: string; close: string }[];
  /** Windows open at some time today / right now; null = all. */
  windowIds: readonly string[] | null;
  windowIdsNow: readonly string[] | null;
  /** Matters served today / right now; null = all. */
  serviceIds: readonly string[] | null;
  serviceIdsNow: readonly string[] | null;
  /** Chinese banner for weekend and holiday service days, make-up workdays, extended hours, early closing. */
  banner: string | null;
  warnings: string[];
}

/** A refusal code the protocol's catalogue already knows. */
export type IssueRefusalCode = 'HALL_CLOSED' | 'ISSUING_STOPPED' | 'SERVICE_NOT_TODAY';
export type IssueDecision =
  | { ok: true; cutoffAt: number; shiftId: string | null }
  | { ok: false; code: IssueRefusalCode; message: string; nextOpenAt: number | null };

export type SignInRefusalCode = 'HALL_CLOSED' | 'NOT_ON_ROSTER';
/** Finer than the code, for logs and the clerk terminal. */
export type SignInRefusalReason = 'day-closed' | 'outside-hours' | 'window-not-open' | 'not-on-shift';
export type SignInDecision =
  | { ok: true; overridden: boolean; shiftId: string | null }
  | { ok: false; code: SignInRefusalCode; reason: SignInRefusalReason; message: string; nextOpenAt: number | null };

export interface DayBoundaries {
  date: string;
  dayKind: DayKind;
  open: boolean;
  /** First opening and last closing; null on a closed day. */
  opensAt: number | null;
  closesAt: number | null;
  /** When the scheduler closes the business day: closing time plus `closeDayGraceMinutes`. */
  closeDayAt: number | null;
  blocks: { opensAt: number; closesAt: number }[];
  shiftIds: string[];
}

export interface YearCoverage {
  year: number;
  covered: boolean;
  source: 'holiday-data' | 'hall-entered' | 'none';
  warning: string | null;
}

/** What a ticket or case is stamped with, so reports can filter by shift and by workday/weekend. */
export interface CalendarTag {
  businessDate: string;
  dayKind: DayKind;
  shiftId: string | null;
}

/** The calendar's questions. Every instant is epoch milliseconds; every date `YYYY-MM-DD` in Shanghai. */
export interface HallCalendar {
  /** Everything a kiosk, display or admin console shows about the hall at this instant. */
  status(atMs: number): CalendarStatus;
  /** May a ticket of this queue group, for these matters (empty = no matter named), be taken now? */
  canIssue(atMs: number, groupId: string, serviceIds?: readonly string[]): IssueDecision;
  /** May this clerk sign in to this window now? A manager override always may (and is reported as such). */
  canSignIn(atMs: number, staffId: string, windowId: string, options?: { managerOverride?: boolean }): SignInDecision;
  /** When the day opens and closes, for the scheduler that opens and closes the business day. */
  dayBoundaries(date: string): DayBoundaries;
  /** Whether the holiday data (or the hall's own entries) cover a year. */
  coverage(year: number): YearCoverage;
  /** Warnings for the admin console and the start log: this year's data, and next year's when it is near. */
  warnings(atMs: number): string[];
  /** The business date, kind of day and shift to stamp on a ticket or case. */
  tag(atMs: number): CalendarTag;
  /** The plan of a date, for reports and the admin console's calendar view. */
  plan(date: string): DayPlan;
}

/**
 * Builds the calendar. `overrides` (the hall's table, at most one per date) win over `holidays`;
 * overrides of kind holiday in a year the source lacks count as the hall having entered that year.
 */
export function createCalendar(
  config: CalendarConfig,
  overrides: readonly CalendarOverride[],
  holidays: HolidaySource,
): HallCalendar {
  return new Calendar(config, overrides, holidays);
}

class Calendar implements HallCalendar {
  private readonly byDate: Map<string, CalendarOverride>;
  private readonly enteredYears: Set<number>;
  /** Plans are pure functions of the date, so each is built once per calendar. */
  private readonly plans = new Map<string, DayPlan>();
  /**
   * The day `at` was last asked about: its date, its midnight and its plan. The simulator asks about one
   * day at every ticket a run takes, and working the date out of the instant each time was a tenth of a run.
   */
  private lastDay: { date: string; midnight: number; plan: DayPlan } | null = null;

  constructor(
    private readonly config: CalendarConfig,
    overrides: readonly CalendarOverride[],
    private readonly holidays: HolidaySource,
  ) {
    this.byDate = new Map(overrides.map((o) => [o.date, o]));
    this.enteredYears = new Set(overrides.filter((o) => o.kind === 'holiday').map((o) => yearOf(o.date)));
  }

  plan(date: string): DayPlan {
    if (!isIsoDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
    let p = this.plans.get(date);
    if (!p) {
      p = planDay(date, {
        config: this.config,
        override: this.byDate.get(date) ?? null,
        holidays: this.holidays,
        hallEntered: (y) => this.enteredYears.has(y),
      });
      this.plans.set(date, p);
    }
    return p;
  }

  coverage(year: number): YearCoverage {
    if (this.holidays.covers(year)) return { year, covered: true, source: 'holiday-data', warning: null };
    if (this.enteredYears.has(year)) return { year, covered: true, source: 'hall-entered', warning: null };
    return { year, covered: false, source: 'none', warning: yearWarning(year, this.config.unknownYear) };
  }

  warnings(atMs: number): string[] {
    const date = businessDateOf(atMs);
    const out: string[] = [];
    const current = this.coverage(yearOf(date));
    if (current.warning) out.push(current.warning);
    const soon = addDays(date, NEXT_YEAR_WARNING_DAYS);
    if (yearOf(soon) !== yearOf(date)) {
      const next = this.coverage(yearOf(soon));
      if (next.warning) out.push(next.warning);
    }
    return out;
  }

  status(atMs: number): CalendarStatus {
    const { date, minute, plan: p, now } = this.at(atMs);
    const open = now.length > 0;
    const block = blockAt(p, minute) ?? p.blocks.find((b) => b.from > minute) ?? null;
    const groups: Record<string, number> = {};
    if (block) for (const g of Object.keys(this.config.cutoff.groups)) groups[g] = instantAt(date, block.to - this.cutoffMinutes(g));
    const minCutoff = Math.min(this.config.cutoff.defaultMinutes, ...Object.values(this.config.cutoff.groups));
    const activeShiftId = now.find((s) => s.shiftId !== null)?.shiftId ?? null;
    const betweenBlocks = !open && p.blocks.some((b) => b.to <= minute) && p.blocks.some((b) => b.from > minute);
    const instants = (b: { from: number; to: number }) => ({ opensAt: instantAt(date, b.from), closesAt: instantAt(date, b.to) });
    const issuing = open && block !== null && minute < block.to - minCutoff;
    const nextIssuingAt = issuing ? atMs : this.search(atMs, (q, m) => this.issuingAt(q, m, minCutoff));
    const headline = open ? '暂停取号' : closedReason(p, minute);
    return {
      at: atMs,
      businessDate: date,
      weekday: p.weekday,
      dayKind: p.dayKind,
      basis: p.basis,
      holidayName: p.holidayName,
      makeUpWorkday: p.makeUpWorkday,
      override: p.override ? { kind: p.override.kind, name: p.override.name, note: p.override.note } : null,
      open,
      issuing,
      inLunchBreak: now.some((s) => s.part === 'lunch') || betweenBlocks,
      opensAt: p.blocks.length > 0 ? instantAt(date, p.blocks[0]!.from) : null,
      closesAt: p.blocks.length > 0 ? instantAt(date, p.blocks[p.blocks.length - 1]!.to) : null,
      blocks: p.blocks.map(instants),
      cutoffAt: { default: block ? instantAt(date, block.to - this.config.cutoff.defaultMinutes) : null, groups },
      nextOpenAt: this.nextOpen(atMs),
      nextIssuingAt,
      message: issuing ? null : `${headline}，${nextText('下次取号时间', nextIssuingAt, atMs)}`,
      shift: p.shifts.find((s) => s.id === activeShiftId) ?? null,
      shiftsToday: p.shifts.map((s) => ({ id: s.id, name: s.name, open: s.hours.open, close: s.hours.close })),
      windowIds: p.windowIds,
      windowIdsNow: open ? unionIds(now.map((s) => s.windowIds)) : [],
      serviceIds: p.serviceIds,
      serviceIdsNow: open ? unionIds(now.map((s) => s.serviceIds)) : [],
      banner: bannerOf(p),
      warnings: [...this.warnings(atMs), ...p.warnings],
    };
  }

  canIssue(atMs: number, groupId: string, serviceIds: readonly string[] = []): IssueDecision {
    const { midnight, minute, plan: p, now } = this.at(atMs);
    if (now.length === 0) return this.refuseIssue(atMs, groupId, serviceIds, 'HALL_CLOSED', closedReason(p, minute), '下次取号时间');
    const cutoff = blockAt(p, minute)!.to - this.cutoffMinutes(groupId);
    if (minute >= cutoff) return this.refuseIssue(atMs, groupId, serviceIds, 'ISSUING_STOPPED', `暂停取号（${formatMinutes(cutoff)} 起停止取号）`, '下次取号时间');
    if (!serves(now, serviceIds)) {
      const when = serves(p.sessions, serviceIds) ? '当前时段' : '今日';
      return this.refuseIssue(atMs, groupId, serviceIds, 'SERVICE_NOT_TODAY', `所选事项${when}不办理`, '下次可办理时间');
    }
    return { ok: true, cutoffAt: midnight + cutoff * MINUTE_MS, shiftId: now.find((s) => s.shiftId)?.shiftId ?? null };
  }

  /** A refused ticket: why, and when this group and these matters can next be taken (`label` names that instant). */
  private refuseIssue(atMs: number, groupId: string, serviceIds: readonly string[], code: IssueRefusalCode, text: string, label: string): IssueDecision {
    const next = this.nextIssuing(atMs, groupId, serviceIds);
    return { ok: false, code, message: `${text}，${nextText(label, next, atMs)}`, nextOpenAt: next };
  }

  canSignIn(atMs: number, staffId: string, windowId: string, options: { managerOverride?: boolean } = {}): SignInDecision {
    const { date, minute, plan: p } = this.at(atMs);
    const forWindow = p.duties.filter((d) => d.windowIds === null || d.windowIds.includes(windowId));
    const mine = forWindow.filter((d) => d.staffIds === null || d.staffIds.includes(staffId));
    const current = mine.find((d) => d.from <= minute && minute < d.to);
    // The manager's word opens any window to anyone; the caller logs it.
    if (options.managerOverride) return { ok: true, overridden: true, shiftId: current?.shiftId ?? null };
    if (current) return { ok: true, overridden: false, shiftId: current.shiftId };
    const refuse = (code: SignInRefusalCode, reason: SignInRefusalReason, message: string): SignInDecision => ({
      ok: false,
      code,
      reason,
      message,
      nextOpenAt: this.nextOpen(atMs),
    });
    if (p.duties.length === 0) return refuse('HALL_CLOSED', 'day-closed', `${closedReason(p, minute)}，无需签到窗口`);
    if (forWindow.length === 0) {
      return refuse('NOT_ON_ROSTER', 'window-not-open', `窗口 ${windowId} 今日不开放（今日开放窗口：${(p.windowIds ?? []).join('、')}）`);
    }
    if (mine.length === 0) return refuse('NOT_ON_ROSTER', 'not-on-shift', `您不在窗口 ${windowId} 今日的排班中，请联系值班负责人`);
    const later = mine.find((d) => d.from > minute);
    const message = later ? `尚未到签到时间，${formatWhen(instantAt(date, later.from), atMs)} 起可签到` : '今日您的班次已结束';
    return refuse('HALL_CLOSED', 'outside-hours', message);
  }

  dayBoundaries(date: string): DayBoundaries {
    const p = this.plan(date);
    const open = p.blocks.length > 0;
    const closesAt = open ? instantAt(date, p.blocks[p.blocks.length - 1]!.to) : null;
    return {
      date,
      dayKind: p.dayKind,
      open,
      opensAt: open ? instantAt(date, p.blocks[0]!.from) : null,
      closesAt,
      closeDayAt: closesAt === null ? null : closesAt + this.config.closeDayGraceMinutes * MINUTE_MS,
      blocks: p.blocks.map((b) => ({ opensAt: instantAt(date, b.from), closesAt: instantAt(date, b.to) })),
      shiftIds: p.shifts.map((s) => s.id),
    };
  }

  tag(atMs: number): CalendarTag {
    const { date, plan: p, now } = this.at(atMs);
    return { businessDate: date, dayKind: p.dayKind, shiftId: now.find((s) => s.shiftId)?.shiftId ?? null };
  }

  private at(atMs: number): { date: string; midnight: number; minute: number; plan: DayPlan; now: Session[] } {
    let day = this.lastDay;
    // Written so that a NaN instant takes the long way, whose checks refuse it.
    if (!day || !(atMs >= day.midnight && atMs < day.midnight + DAY_MS)) {
      const date = businessDateOf(atMs);
      day = this.lastDay = { date, midnight: instantAt(date, 0), plan: this.plan(date) };
    }
    const minute = Math.floor((atMs - day.midnight) / MINUTE_MS);
    return { date: day.date, midnight: day.midnight, minute, plan: day.plan, now: active(day.plan, minute) };
  }

  private cutoffMinutes(groupId: string): number {
    return this.config.cutoff.groups[groupId] ?? this.config.cutoff.defaultMinutes;
  }

  private nextOpen(atMs: number): number | null {
    return this.search(atMs, (p, m) => active(p, m).length > 0);
  }

  private nextIssuing(atMs: number, groupId: string, serviceIds: readonly string[]): number | null {
    const cutoff = this.cutoffMinutes(groupId);
    return this.search(atMs, (p, m) => this.issuingAt(p, m, cutoff) && serves(active(p, m), serviceIds));
  }

  /** Inside an open stretch and more than `cutoff` minutes before it closes. */
  private issuingAt(p: DayPlan, minute: number, cutoff: number): boolean {
    const b = blockAt(p, minute);
    return b !== null && minute < b.to - cutoff;
  }

  /**
   * The earliest instant ≥ atMs at which `accept` holds. Openness, issuing and what is served can only
   * start to hold where a session starts, so after "now" only session starts are tried.
   */
  private search(atMs: number, accept: (p: DayPlan, minute: number) => boolean): number | null {
    const { date: today, minute: nowMinute, plan } = this.at(atMs);
    if (accept(plan, nowMinute)) return atMs;
    for (let i = 0; i < SEARCH_DAYS; i += 1) {
      const date = addDays(today, i);
      const p = this.plan(date);
      const starts = [...new Set(p.sessions.map((s) => s.from))].sort((a, b) => a - b);
      for (const minute of starts) {
        if (i === 0 && minute <= nowMinute) continue;
        if (accept(p, minute)) return instantAt(date, minute);
      }
    }
    return null;
  }
}

function active(p: DayPlan, minute: number): Session[] {
  return p.sessions.filter((s) => s.from <= minute && minute < s.to);
}

function blockAt(p: DayPlan, minute: number): { from: number; to: number } | null {
  return p.blocks.find((b) => b.from <= minute && minute < b.to) ?? null;
}

/** Whether the sessions together serve every requested matter (an empty request asks for nothing). */
function serves(sessions: readonly Session[], serviceIds: readonly string[]): boolean {
  const served = unionIds(sessions.map((s) => s.serviceIds));
  return served === null || serviceIds.every((id) => served.includes(id));
}
