import type { HallCalendar } from './calendar';
import type { Session } from './day-plan';
import { businessDateOf, instantAt, minuteOfDay } from './time';

/**
 * When the roster next opens one of `windowIds` today, for a need no staffed window can serve now
 * (`servability` in the domain): the start of the first later session of today's plan that opens one of
 * them. null when one of them is rostered now (nobody signed in, so nobody can say when), or when none
 * opens later today. Pure: the kiosk's "当前暂无窗口办理，预计 HH:MM 开始" and any estimate read it.
 */
export function rosterOpensAt(calendar: HallCalendar, atMs: number, windowIds: readonly string[]): number | null {
  if (windowIds.length === 0) return null;
  const date = businessDateOf(atMs);
  const minute = minuteOfDay(atMs);
  const plan = calendar.plan(date);
  const opens = (s: Session) => s.windowIds === null || s.windowIds.some((id) => windowIds.includes(id));
  if (plan.sessions.some((s) => s.from <= minute && minute < s.to && opens(s))) return null;
  const later = plan.sessions.filter((s) => s.from > minute && opens(s)).sort((a, b) => a.from - b.from)[0];
  return later ? instantAt(date, later.from) : null;
}
