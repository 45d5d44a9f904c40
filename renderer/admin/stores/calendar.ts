import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { hallWallClock } from '../../../protocol/business-date';
import { useApi } from './session';

export interface CalendarDay {
  date: string;
  weekday: number;
  dayKind: string;
  holidayName: string | null;
  makeUpWorkday: boolean;
  override: { kind: string; name: string } | null;
  shifts: { id: string; name: string }[];
}
export interface CalendarOverride {
  date: string;
  kind: 'holiday' | 'workday' | 'closed' | 'hours';
  name: string;
  note: string;
  hours?: { open: string; close: string };
}

/** The calendar page: the configuration (as JSON text), the date overrides and a month of day plans. */
export const useCalendarStore = defineStore('calendar', () => {
  const month = ref(hallWallClock(Date.now()).slice(0, 7));
  const configText = ref('');
  const overrides = shallowRef<CalendarOverride[]>([]);
  const days = shallowRef<CalendarDay[]>([]);
  const warnings = shallowRef<string[]>([]);
  const wired = ref(false);
  const notice = ref<{ kind: 'info' | 'error'; text: string } | null>(null);

  async function load(): Promise<void> {
    const r = await useApi().get<{ calendar: { config: unknown; overrides: CalendarOverride[]; days: CalendarDay[]; warnings: string[]; calendarWired: boolean } }>(
      `/calendar?month=${month.value}`,
    );
    if (!r.ok) {
      notice.value = { kind: 'error', text: r.error.message };
      return;
    }
    configText.value = JSON.stringify(r.calendar.config, null, 2);
    overrides.value = r.calendar.overrides;
    days.value = r.calendar.days;
    warnings.value = r.calendar.warnings;
    wired.value = r.calendar.calendarWired;
  }

  async function saveConfig(): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(configText.value);
    } catch {
      notice.value = { kind: 'error', text: '配置不是有效的 JSON' };
      return;
    }
    const r = await useApi().send('PUT', '/calendar', body);
    notice.value = r.ok ? { kind: 'info', text: '日历与排班已保存' } : { kind: 'error', text: r.error.message };
    if (r.ok) await load();
  }

  async function putOverride(o: CalendarOverride): Promise<void> {
    const { date, ...body } = o;
    const r = await useApi().send('PUT', `/calendar/overrides/${date}`, body);
    notice.value = r.ok ? { kind: 'info', text: `${date} 已调整` } : { kind: 'error', text: r.error.message };
    if (r.ok) await load();
  }

  async function deleteOverride(date: string): Promise<void> {
    const r = await useApi().send('DELETE', `/calendar/overrides/${date}`);
    notice.value = r.ok ? { kind: 'info', text: `已取消 ${date} 的调整` } : { kind: 'error', text: r.error.message };
    if (r.ok) await load();
  }

  return { month, configText, overrides, days, warnings, wired, notice, load, saveConfig, putOverride, deleteOverride };
});
