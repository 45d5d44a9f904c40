import type { CalendarDayKind, CalendarDayView, CalendarOverride } from '../../../../protocol/calendar';

/** The console's words for the calendar's kinds of day and overrides. */
export const DAY_KIND: Record<CalendarDayKind, string> = {
  workday: '工作日',
  'weekend-service': '办事无休日',
  'holiday-service': '节假日值班',
  closed: '休息',
  unknown: '缺节假日数据',
};

export const OVERRIDE_KIND: Record<CalendarOverride['kind'], string> = {
  holiday: '放假',
  workday: '上班（调休）',
  closed: '闭厅',
  hours: '特殊时间',
};

export const WEEKDAY = ['', '一', '二', '三', '四', '五', '六', '日'] as const;

/** What the State Council's arrangement says about a date: 工作日, 周末, 法定节假日（国庆节）, 调休上班日（国庆节）. */
export function statutoryText(d: CalendarDayView): string {
  const s = d.statutory;
  if (!s) return '该年份缺少法定节假日数据';
  if (s.kind === 'holiday') return `法定节假日${s.holidayName ? `（${s.holidayName}）` : ''}`;
  if (s.makeUpWorkday) return `调休上班日${s.holidayName ? `（${s.holidayName}）` : ''}`;
  return s.kind === 'weekend' ? '周末' : '工作日';
}

/** The colour class of a day in the month: by its kind, a make-up workday and a statutory holiday apart. */
export function dayTone(d: CalendarDayView): string {
  if (d.dayKind === 'workday') return d.makeUpWorkday ? 'makeup' : 'work';
  if (d.dayKind === 'weekend-service' || d.dayKind === 'holiday-service') return 'service';
  if (d.dayKind === 'unknown') return 'unknown';
  return d.statutory?.kind === 'holiday' || d.override?.kind === 'holiday' ? 'holiday' : 'off';
}
