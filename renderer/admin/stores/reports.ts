import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import type { Report } from '../../../protocol/admin';
import { businessDateOf } from '../../../protocol/business-date';
import { useApi } from './session';

/** Today in the hall's time (UTC+08:00). */
export function hallToday(now = Date.now()): string {
  return businessDateOf(now);
}

/** Report filters as the form holds them; empty strings are "any". */
export interface ReportForm {
  from: string;
  to: string;
  by: string;
  windowId: string;
  staffId: string;
  serviceId: string;
  groupId: string;
  priority: string;
  dayKind: string;
}

export function reportQueryString(f: ReportForm): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  return q.toString();
}

/** The reports page: the query, the report, and its export. */
export const useReportsStore = defineStore('reports', () => {
  const today = hallToday();
  const form = reactive<ReportForm>({ from: today, to: today, by: 'hall', windowId: '', staffId: '', serviceId: '', groupId: '', priority: '', dayKind: '' });
  const report = shallowRef<Report | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);

  async function run(): Promise<void> {
    busy.value = true;
    error.value = null;
    const r = await useApi().get<{ report: Report }>(`/reports?${reportQueryString(form)}`);
    busy.value = false;
    if (!r.ok) {
      error.value = r.error.message;
      return;
    }
    report.value = r.report;
  }

  async function exportAs(format: 'csv' | 'xlsx', table: 'summary' | 'bad' | 'hours' = 'summary'): Promise<void> {
    const name = `服务报表-${form.from}-${form.to}${format === 'csv' ? `-${table}` : ''}.${format}`;
    const r = await useApi().download(`/reports/export?${reportQueryString(form)}&format=${format}&table=${table}`, name);
    error.value = r.ok ? null : r.error.message;
  }

  return { form, report, error, busy, run, exportAs };
});
