/**
 * The hall calendar: what is open now, who works, when issuing stops. Pure; see docs/calendar.md.
 */
export { createCalendar } from './calendar';
export { scheduleCheckOf, statusProviderOf } from './adapters';
export type { BusinessDayState } from './adapters';
export type {
  CalendarStatus,
  CalendarTag,
  DayBoundaries,
  HallCalendar,
  IssueDecision,
  IssueRefusalCode,
  SignInDecision,
  SignInRefusalCode,
  SignInRefusalReason,
  YearCoverage,
} from './calendar';
export type { DayBasis, DayKind, DayPlan } from './day-plan';
export { chineseDaysTable, createChineseDaysSource, createTableHolidaySource } from './holidays';
export type { HolidayDay, HolidaySource, HolidayTable } from './holidays';
export { formatWhen } from './messages';
export {
  calendarConfigSchema,
  calendarOverrideSchema,
  calendarOverridesSchema,
  parseCalendarConfig,
  parseCalendarOverride,
  parseCalendarOverrides,
} from './schema';
export type { CalendarConfig, CalendarConfigInput, CalendarOverride, CalendarOverrideInput, Shift } from './schema';
