/**
 * The hall calendar: what is open now, who works, when issuing stops. Pure; see docs/calendar.md.
 */
export { createCalendar } from './calendar';
export { scheduleCheckOf, statusProviderOf } from './adapters';
export type { HallCalendar } from './calendar';
export { createChineseDaysSource, createTableHolidaySource } from './holidays';
export type { HolidaySource } from './holidays';
export { parseCalendarConfig, parseCalendarOverride, parseCalendarOverrides } from './schema';
export type { CalendarOverride } from './schema';
