/**
 * Reports for the admin console: figures for any date range, grouped by hall, date, queue group, window,
 * clerk, matter, shift, priority class or kind of day; hour-by-hour arrivals against windows open; the
 * list of 差评; CSV and xlsx export. See docs/admin.md for what each figure counts.
 */
import { reportQuerySchema, type Report, type ReportQuery } from '../../protocol/admin';
import type { HallCalendar } from '../calendar';
import type { Catalog } from '../domain/types';
import type { Db } from '../store/database';
import { loadDataset } from './dataset';
import { buildReport } from './report';
import { calendarTagger, weekdayTagger } from './tagger';

export { reportCsv, reportXlsx } from './export';

/** Runs a validated report query against the hall database. */
export function runReport(db: Db, query: ReportQuery, catalog: Catalog, calendar: HallCalendar | null, now: number): Report {
  const ds = loadDataset(db, query.from, query.to, now);
  return buildReport(ds, query, catalog, calendar ? calendarTagger(calendar) : weekdayTagger, now);
}

/** Parses a query string (from, to, by, filters) into a report query. */
export function parseReportQuery(input: unknown) {
  return reportQuerySchema.safeParse(input);
}
