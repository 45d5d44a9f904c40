import type { Queryable } from './db/database';

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

interface Row {
  hall_id: string;
  business_date?: string;
  tickets: number;
  cases: number;
  avg_wait: number | null;
  avg_handling: number | null;
  rated: number;
  default_rated: number | null;
  satisfied: number | null;
}

const AGGREGATES = `
  COUNT(DISTINCT ticket_id) AS tickets,
  COUNT(*) AS cases,
  AVG(wait_minutes) AS avg_wait,
  AVG(handling_minutes) AS avg_handling,
  COUNT(evaluation_level) AS rated,
  SUM(CASE WHEN evaluation_default = 1 THEN 1 ELSE 0 END) AS default_rated,
  SUM(CASE WHEN evaluation_level >= 3 THEN 1 ELSE 0 END) AS satisfied`;

const round = (v: number | null, places: number): number | null =>
  v === null ? null : Math.round(Number(v) * 10 ** places) / 10 ** places;

function figures(r: Row): HallFigures {
  const rated = Number(r.rated);
  const satisfied = Number(r.satisfied ?? 0);
  return {
    hallId: r.hall_id,
    ticketsServed: Number(r.tickets),
    cases: Number(r.cases),
    avgWaitMinutes: round(r.avg_wait, 2),
    avgHandlingMinutes: round(r.avg_handling, 2),
    rated,
    defaultRated: Number(r.default_rated ?? 0),
    satisfied,
    satisfactionRate: rated === 0 ? null : round(satisfied / rated, 4),
  };
}

/** Per hall per business day (inclusive range of `YYYY-MM-DD`), and per hall over the range. */
export async function districtSummary(db: Queryable, from: string, to: string): Promise<DistrictSummary> {
  const days = await db.query<Row>(
    `SELECT hall_id, business_date, ${AGGREGATES}
       FROM cases WHERE business_date >= $1 AND business_date <= $2
      GROUP BY hall_id, business_date ORDER BY business_date, hall_id`,
    [from, to],
  );
  const halls = await db.query<Row>(
    `SELECT hall_id, ${AGGREGATES}
       FROM cases WHERE business_date >= $1 AND business_date <= $2
      GROUP BY hall_id ORDER BY hall_id`,
    [from, to],
  );
  return {
    from,
    to,
    days: days.rows.map((r) => ({ date: r.business_date ?? '', ...figures(r) })),
    halls: halls.rows.map(figures),
  };
}
