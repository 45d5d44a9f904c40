import { servableWhen, type RosterOpens, type ServeNeed } from '../domain/servability';
import type { HallState, ScheduleCheck } from '../domain/types';
import type { HallCalendar } from '../calendar/calendar';
import { mergeIntervals } from '../calendar/day-plan';
import { addDays, instantAt } from '../calendar/time';
import type { Interval, SimulationPlan, WindowPlan } from '../simulation/engine';
import type { SimDayKind } from '../simulation/model';

const MINUTE = 60_000;
/** A window rostered for this long without anyone signed in is taken to be unstaffed today. */
export const ABSENT_AFTER_MIN = 30;

/** The day's open stretches as instants: which windows serve when (null = all), and when service ends. */
export interface DayShape {
  dayStart: number;
  sessions: { from: number; to: number; windowIds: readonly string[] | null }[];
  closesAt: number;
  schedule?: ScheduleCheck;
}

/** The day from the hall calendar's plan (sessions, lunch, shifts of the 办事无休日 roster). */
export function dayShapeOf(calendar: HallCalendar, date: string, schedule?: ScheduleCheck): DayShape {
  const plan = calendar.plan(date);
  const sessions = plan.sessions.map((s) => ({ from: instantAt(date, s.from), to: instantAt(date, s.to), windowIds: s.windowIds }));
  const dayStart = instantAt(date, 0);
  return { dayStart, sessions, closesAt: sessions.length > 0 ? Math.max(...sessions.map((s) => s.to)) : dayStart, schedule };
}

/** A hall without a calendar: open around the clock, every window when staffed. */
export function alwaysOpenShape(date: string): DayShape {
  const dayStart = instantAt(date, 0);
  return { dayStart, sessions: [{ from: dayStart, to: dayStart + 24 * 60 * MINUTE, windowIds: null }], closesAt: dayStart + 24 * 60 * MINUTE };
}

/** The kind of a business day for the models: a 办事无休日, the first workday after a holiday, or a workday. */
export function dayKindOf(calendar: HallCalendar | null, date: string): SimDayKind {
  if (!calendar) return [6, 7].includes(new Date(`${date}T00:00:00Z`).getUTCDay() || 7) ? 'weekend-service' : 'workday';
  const plan = calendar.plan(date);
  if (plan.dayKind === 'weekend-service' || plan.dayKind === 'holiday-service') return 'weekend-service';
  // The day before was a statutory day off (with or without duty): the backlog of a holiday arrives today.
  const before = calendar.plan(addDays(date, -1));
  return before.base !== 'workday' && before.holidayName !== null ? 'after-holiday' : 'workday';
}

/**
 * When each window serves from now on, as the estimate assumes it: a window signed in serves to the end of
 * its rostered stretch and comes back for its later stretches (after lunch); one still signed in just
 * after its stretch ended, or still with the citizen it called during the stretch, only finishes the
 * ticket at hand; a paused one resumes at the
 * end of a short break; one rostered now but not signed in is expected only early in its stretch (after
 * ABSENT_AFTER_MIN it is taken as unstaffed for the day); a window rostered later opens when it starts.
 */
export function simulationPlan(state: HallState, now: number, day: DayShape, breakMin: number): SimulationPlan {
  const windows: WindowPlan[] = [];
  // Nobody signed in anywhere yet (the first clerks are on their way, or a hall run always open for
  // training): the rostered windows are expected; absence is judged only once the hall is staffed.
  const staffed = [...state.windows.values()].some((w) => w.status !== 'closed');
  for (const def of state.catalog.windows.values()) {
    const w = state.windows.get(def.id);
    const rostered = mergeIntervals(day.sessions.filter((s) => s.windowIds === null || s.windowIds.includes(def.id)));
    const current = rostered.find((i) => i.from <= now && now < i.to);
    const later = rostered.filter((i) => i.from > now);
    const intervals: Interval[] = [];
    // The stretch this window has just finished (lunch, end of a shift): a clerk still signed in then is
    // finishing the ticket at hand, not serving on. Treating them as serving to closing made every wait
    // taken as the hall thins out for lunch look short (the bench's largest errors, docs/simulation.md).
    // However long after the stretch: a citizen called while it lasted is the last one (a 25-minute matter
    // begun at 11:55 can run past 12:30), not a sign that someone opened the window for lunch.
    const last = rostered.filter((i) => i.to <= now).at(-1);
    const atHand = w?.currentTicketId ? state.tickets.get(w.currentTicketId) : undefined;
    const ended =
      last !== undefined && (now - last.to < ABSENT_AFTER_MIN * MINUTE || (atHand?.lastCalledAt !== null && atHand?.lastCalledAt !== undefined && atHand.lastCalledAt <= last.to));
    if (w?.status === 'open' && (current || !ended)) {
      // Signed in outside every stretch, and not just after one: someone chose to open it; it serves on.
      intervals.push({ from: now, to: current?.to ?? day.closesAt });
      intervals.push(...later);
    } else if (w?.status === 'open') {
      // It finishes what it has (the run lets it) and comes back for its next stretch.
      intervals.push(...later);
    } else if (w?.status === 'paused') {
      const back = Math.max(now, w.since + breakMin * MINUTE);
      if (current && back < current.to) intervals.push({ from: back, to: current.to });
      intervals.push(...later);
    } else if (current && (!staffed || now - current.from < ABSENT_AFTER_MIN * MINUTE)) {
      intervals.push({ from: now, to: current.to }, ...later);
    } else if (!current) {
      intervals.push(...later);
    }
    windows.push({ windowId: def.id, intervals });
  }
  return { windows, closesAt: Math.max(day.closesAt, now), issueUntil: day.closesAt, dayStart: day.dayStart, schedule: day.schedule };
}

/**
 * What the estimate says about who can serve a ticket: `noWindow` and `servableFrom` are the one
 * servability answer (`servableWhen`: a window with a clerk now, else when the roster opens one), the same
 * the take answer, the status page and the live view's stranded list give; `planned` is the plan's own
 * question, whether any capable window serves at all before closing (no run would call it otherwise).
 */
export function servableFrom(
  state: HallState,
  plan: SimulationPlan,
  need: ServeNeed,
  now: number,
  rosterOpens?: RosterOpens,
): { noWindow: boolean; servableFrom: number | null; planned: boolean } {
  const s = servableWhen(state, need, rosterOpens);
  const capable = new Set(s.capable);
  const planned = plan.windows.some((wp) => capable.has(wp.windowId) && wp.intervals.some((i) => i.to > now));
  return { noWindow: !s.now, servableFrom: s.from, planned: planned || s.now };
}
