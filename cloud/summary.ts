import type { Queryable } from './db/database';
import type { DayDelta } from './rollup';

/** One hall's figures over a day or a range. Averages are over cases; rates over rated cases. */
export interface HallFigures {
  hallId: string;
  /** Distinct tickets with at least one case (办件) completed. */
  ticketsServed: number;
  cases: number;
  avgWaitMinutes: number | null;
  avgHandlingMinutes: number | null;
  /** Cases with an evaluation, default (unrated, auto-filled) evaluations included. */
  rated: number;
  /** Of which default evaluations. */
  defaultRated: number;
  /** Levels 3-5 (基本满意, 满意, 非常满意). */
  satisfied: number;
  /** 满意率: satisfied / rated, null when nothing was rated. */
  satisfactionRate: number | null;
}

/** The figures of one hall on one business day. */
export interface HallDayFigures extends HallFigures {
  date: string;
}

/** The district summary: per hall per day, and per hall over the whole range. */
export interface DistrictSummary {
  from: string;
  to: string;
  days: HallDayFigures[];
  halls: HallFigures[];
}

interface DayRow {
  hall_id: string;
  business_date: string;
  tickets: number;
  cases: number;
  wait_sum: number;
  handling_sum: number;
  rated: number;
  default_rated: number;
  satisfied: number;
}

/** Sums of a hall over one day or several: the rollup's counts and its distinct tickets. */
type Sums = DayDelta & { tickets: number };

const round = (v: number, places: number): number => Math.round(v * 10 ** places) / 10 ** places;

function figures(hallId: string, s: Sums): HallFigures {
  return {
    hallId,
    ticketsServed: s.tickets,
    cases: s.cases,
    avgWaitMinutes: s.cases === 0 ? null : round(s.waitSum / s.cases, 2),
    avgHandlingMinutes: s.cases === 0 ? null : round(s.handlingSum / s.cases, 2),
    rated: s.rated,
    defaultRated: s.defaultRated,
    satisfied: s.satisfied,
    satisfactionRate: s.rated === 0 ? null : round(s.satisfied / s.rated, 4),
  };
}

/**
 * Per hall per business day (inclusive range of `YYYY-MM-DD`), and per hall over the range, read from
 * the per-hall-per-day rollup (cloud/rollup.ts): a month of a city is halls × 30 rows, however many
 * cases they hold. A hall's tickets over the range are the sum of its days' distinct tickets, which is
 * exact because a ticket (and so each of its cases) belongs to the one business day it was taken on.
 */
export async function districtSummary(db: Queryable, from: string, to: string): Promise<DistrictSummary> {
  const res = await db.query<DayRow>(
    `SELECT hall_id, business_date, tickets, cases, wait_sum, handling_sum, rated, default_rated, satisfied
       FROM hall_day_rollup WHERE business_date >= $1 AND business_date <= $2 AND cases > 0
      ORDER BY business_date, hall_id`,
    [from, to],
  );
  const halls = new Map<string, Sums>();
  const days = res.rows.map((r): HallDayFigures => {
    const day: Sums = {
      tickets: Number(r.tickets),
      cases: Number(r.cases),
      waitSum: Number(r.wait_sum),
      handlingSum: Number(r.handling_sum),
      rated: Number(r.rated),
      defaultRated: Number(r.default_rated),
      satisfied: Number(r.satisfied),
    };
    const h = halls.get(r.hall_id);
    if (!h) halls.set(r.hall_id, { ...day });
    else for (const k of Object.keys(day) as (keyof Sums)[]) h[k] += day[k];
    return { date: r.business_date, ...figures(r.hall_id, day) };
  });
  return {
    from,
    to,
    days,
    halls: [...halls].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([hallId, s]) => figures(hallId, s)),
  };
}
