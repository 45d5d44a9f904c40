import { z } from 'zod';
import { isIsoDate } from './business-date';

/**
 * The staffing planner (排班测算) on the wire between the admin console and the hall server: what the
 * manager sends (a date, a forecast of arrivals, a roster per clock hour, a target) and what the planner
 * answers (per hour and queue group the wait p50/p90, per hour the windows' utilisation, the tickets not
 * served by closing, a suggested roster). See docs/simulation.md.
 */

const date = z.string().refine(isIsoDate, '日期格式为 YYYY-MM-DD，且须为真实日期');
const hour = z.number().int('小时须为整数').min(0, '小时为 0-23').max(23, '小时为 0-23');
const windowId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, '窗口编号格式不正确');

/** Windows at work in one clock hour (hour 9 = 09:00–10:00). */
export const rosterHourSchema = z.object({ hour, windowIds: z.array(windowId).max(100, '窗口不超过 100 个') });
export type RosterHour = z.infer<typeof rosterHourSchema>;

/** Tickets expected per hour for one group in one clock hour (before the scale). */
export const forecastCellSchema = z.object({
  hour,
  groupId: z.string().regex(/^[A-Z]$/, '队列分组是一个大写字母'),
  rate: z.number().min(0, '取号数不能为负数').max(1000, '每小时取号数不超过 1000'),
});
export type ForecastCell = z.infer<typeof forecastCellSchema>;

/** One run of the planner: this roster, this forecast × scale, this many replications. */
export const plannerRunSchema = z
  .object({
    date,
    scale: z.number().min(0.1, '倍数不小于 0.1').max(5, '倍数不超过 5').default(1),
    forecast: z.array(forecastCellSchema).max(24 * 26),
    roster: z.array(rosterHourSchema).max(24),
    replications: z.number().int('重复次数须为整数').min(5, '重复次数不少于 5').max(200, '重复次数不超过 200').default(40),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  })
  .strict();
export type PlannerRunRequest = z.input<typeof plannerRunSchema>;

/** A suggestion: the smallest roster per hour whose p90 wait meets the target for every group. */
export const plannerSuggestSchema = plannerRunSchema.extend({
  targetP90Min: z.number().min(1, '目标不少于 1 分钟').max(240, '目标不超过 240 分钟').default(15),
});
export type PlannerSuggestRequest = z.input<typeof plannerSuggestSchema>;

/** Saving a roster as the calendar's shifts for the date (办事无休日 and holiday duty days). */
export const plannerSaveSchema = z.object({ roster: z.array(rosterHourSchema).min(1, '排班为空').max(24) }).strict();

/** A window as the planner shows it: what it can serve. */
export interface PlannerWindow {
  id: string;
  name: string;
  /** Queue groups it serves (its skills). */
  groupIds: string[];
}

/** Where the forecast comes from: the kind of day's own history, a workday's borrowed, or none at all. */
export type ForecastSource = 'history' | 'borrowed-workday' | 'none';

/** What the planner page opens with for a date. */
export interface PlannerSetup {
  date: string;
  /** The calendar's kind of the date (workday, weekend-service, holiday-service, closed ...). */
  dayKind: string;
  /** The model's kind of day: workday, weekend-service or after-holiday. */
  modelKind: string;
  historyDays: number;
  forecastSource: ForecastSource;
  /** Clock hours the hall is open that day. */
  hours: number[];
  groups: { id: string; name: string }[];
  windows: PlannerWindow[];
  /** The calendar's roster for the date, per hour. */
  roster: RosterHour[];
  forecast: ForecastCell[];
  /** Who may sign in on the date's shifts (the saved roster keeps them). */
  staffIds: string[];
  /** Null when the roster can be saved; otherwise why not. */
  saveBlocked: string | null;
}

/** One queue group in one hour of the planned day (the simulator's figures, as the console reads them). */
export interface PlannerHourGroup {
  hour: number;
  groupId: string;
  /** Tickets taken in the hour, mean over replications. */
  taken: number;
  /** Of those, not called by closing, mean over replications. */
  notCalled: number;
  /**
   * Waits (take → first call) of the hour's tickets, pooled over replications; a ticket not called by
   * closing counts as an endless wait, so null means more than half (p50) or a tenth (p90) were not called.
   */
  waitP50Min: number | null;
  waitP90Min: number | null;
}

export interface PlannerHour {
  hour: number;
  /** Busy window time / open window time in the hour (0 when no window is open). */
  utilisation: number;
  /** Open window-hours in the hour, mean over replications. */
  openWindowHours: number;
}

/** The planner's figures for one roster. */
export interface PlannerFigures {
  replications: number;
  seed: number;
  byHourAndGroup: PlannerHourGroup[];
  byHour: PlannerHour[];
  unservedAtClose: Record<string, number>;
  /** Wall time of the runs (they are played in slices between the hall's own work). */
  elapsedMs: number;
}

/** A suggested roster, its figures from an independent check (a new seed), and whether it met the target. */
export interface PlannerSuggestion {
  roster: RosterHour[];
  targetP90Min: number;
  /** The check run: the suggested roster played again with a seed the search never used. */
  check: PlannerFigures;
  met: boolean;
  /** Hours where even every window could not meet the target. */
  unreachableHours: number[];
  evaluations: number;
}
