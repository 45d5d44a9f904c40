import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  checkCalendarConfig,
  checkCalendarOverride,
  fieldLabel,
  type CalendarConfig,
  type CalendarDayView,
  type CalendarIssue,
  type CalendarOverride,
  type CalendarPageView,
  type Shift,
} from '../../../protocol/calendar';
import type { ApiIssue } from '../api/admin-api';
import { clone } from '../clone';
import { useApi } from './session';

/** What the day editor sets: no override (the statutory arrangement and the roster decide) or one of its kinds. */
export type DayMode = 'none' | CalendarOverride['kind'];
export interface DayForm {
  mode: DayMode;
  name: string;
  note: string;
  hours: { open: string; close: string };
}

/**
 * The forms edit a configuration of the parsed shape (every default filled in, so each field has something
 * to bind to); the checks before saving treat it as input like any other.
 */
export type ConfigDraft = CalendarConfig;
export type ShiftDraft = Shift;

const DEFAULT_NAMES: Record<CalendarOverride['kind'], string> = { holiday: '放假', workday: '调休上班', closed: '闭厅', hours: '特殊时间' };

/** A workable starting point for a hall that has no calendar yet. */
function blankConfig(): ConfigDraft {
  return {
    version: 1,
    timeZone: 'Asia/Shanghai',
    weekday: { hours: { open: '09:00', close: '17:00' }, lunchBreak: null },
    extendedHours: [],
    cutoff: { defaultMinutes: 30, groups: {} },
    signInEarlyMinutes: 60,
    closeDayGraceMinutes: 60,
    unknownYear: 'weekday-rules',
    roster: [],
  };
}

function draftOf(c: CalendarConfig | null): ConfigDraft {
  return c ? (clone(c) as ConfigDraft) : blankConfig();
}

/**
 * The calendar page: the month as the hall plans it, the day editor (override and the day's shifts), the
 * roster and timetable forms over one draft of the configuration, and the raw JSON fallback. Forms are
 * checked with the protocol's own schemas before anything is sent; the server's refusals come back by
 * field path and land beside the same fields (`errors`).
 */
export const useCalendarStore = defineStore('calendar', () => {
  /** `YYYY-MM`; empty until the server says which month the hall is in. */
  const month = ref('');
  const days = shallowRef<CalendarDayView[]>([]);
  const overrides = shallowRef<CalendarOverride[]>([]);
  const warnings = shallowRef<string[]>([]);
  const wired = ref(false);
  const saved = shallowRef<CalendarConfig | null>(null);
  const draft = ref<ConfigDraft>(blankConfig());
  /** Field path → Chinese message, from the last check or refusal. */
  const errors = ref<Record<string, string>>({});
  /** Every issue of the last check or refusal, labelled for people, for the list under a form. */
  const issueList = ref<ApiIssue[]>([]);
  const notice = ref<{ kind: 'info' | 'error'; text: string } | null>(null);
  const busy = ref(false);
  const selected = ref<string | null>(null);
  const dayForm = ref<DayForm>({ mode: 'none', name: '', note: '', hours: { open: '09:00', close: '12:00' } });
  const rawText = ref('');

  const dirty = computed(() => JSON.stringify(draft.value) !== JSON.stringify(draftOf(saved.value)));
  const selectedDay = computed(() => days.value.find((d) => d.date === selected.value) ?? null);

  function showIssues(issues: CalendarIssue[], labelOf: (path: string) => string): void {
    errors.value = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    issueList.value = issues.map((i) => ({ path: labelOf(i.path), message: i.message }));
  }
  function clearIssues(): void {
    errors.value = {};
    issueList.value = [];
  }

  /** Reads the month; unsaved roster edits survive a change of month unless `resetDraft` (after a save). */
  async function load(opts: { resetDraft?: boolean } = {}): Promise<void> {
    const r = await useApi().get<{ calendar: CalendarPageView }>(month.value ? `/calendar?month=${month.value}` : '/calendar');
    if (!r.ok) {
      notice.value = { kind: 'error', text: r.error.message };
      return;
    }
    const c = r.calendar;
    month.value = c.month;
    const keepDraft = dirty.value && !opts.resetDraft;
    saved.value = c.config;
    if (!keepDraft) draft.value = draftOf(c.config);
    rawText.value = JSON.stringify(c.config ?? blankConfig(), null, 2);
    overrides.value = c.overrides;
    days.value = c.days;
    warnings.value = c.warnings;
    wired.value = c.calendarWired;
    if (selected.value && selected.value.slice(0, 7) === month.value) selectDay(selected.value);
  }

  /** Opens a date in the day editor, its override in the form. */
  function selectDay(date: string): void {
    selected.value = date;
    const o = overrides.value.find((x) => x.date === date) ?? null;
    dayForm.value = o
      ? { mode: o.kind, name: o.name, note: o.note, hours: o.kind === 'hours' ? { ...o.hours } : { open: '09:00', close: '12:00' } }
      : { mode: 'none', name: '', note: '', hours: { open: '09:00', close: '12:00' } };
    clearIssues();
  }

  /** Picks an override kind; a blank name gets the kind's usual one. */
  function setDayMode(mode: DayMode): void {
    const f = dayForm.value;
    const wasDefault = !f.name.trim() || Object.values(DEFAULT_NAMES).includes(f.name);
    f.mode = mode;
    if (mode !== 'none' && wasDefault) f.name = DEFAULT_NAMES[mode];
  }

  /** Whether a shift names this date itself (as opposed to running by its weekend or holiday rule). */
  function shiftOnDate(index: number, date: string): boolean {
    return draft.value.roster[index]?.days.dates.includes(date) ?? false;
  }
  function setShiftOnDate(index: number, date: string, on: boolean): void {
    const dates = draft.value.roster[index]!.days.dates;
    const i = dates.indexOf(date);
    if (on && i < 0) dates.push(date);
    if (!on && i >= 0) dates.splice(i, 1);
    dates.sort();
  }

  function freeId(prefix: string, taken: string[]): string {
    let id = prefix;
    for (let n = 2; taken.includes(id); n++) id = `${prefix}-${n}`;
    return id;
  }

  /** A new shift: on `date` only when given (a 办事无休日 on that day), else on Saturdays. Answers its index. */
  function addShift(date?: string): number {
    const ids = draft.value.roster.map((s) => s.id);
    const [, m, d] = (date ?? '').split('-');
    draft.value.roster.push({
      id: freeId(date ? `d-${date}` : 'shift', ids),
      name: date ? `${Number(m)}月${Number(d)}日值班` : '周末班',
      days: { weekend: date ? [] : ['sat'], holiday: false, dates: date ? [date] : [] },
      hours: { open: '09:00', close: '12:00' },
      lunchBreak: null,
      windowIds: [],
      staffIds: [],
      serviceIds: null,
      note: '',
    });
    return draft.value.roster.length - 1;
  }
  function removeShift(index: number): void {
    draft.value.roster.splice(index, 1);
    clearIssues();
  }
  function addExtension(): void {
    draft.value.extendedHours.push({
      id: freeId('ext', draft.value.extendedHours.map((e) => e.id)),
      name: '延时服务',
      weekdays: [3],
      dates: [],
      close: '18:30',
      windowIds: null,
      serviceIds: null,
      note: '',
    });
  }
  function removeExtension(index: number): void {
    draft.value.extendedHours.splice(index, 1);
    clearIssues();
  }
  /** Throws away unsaved changes to the roster and timetable. */
  function revert(): void {
    draft.value = draftOf(saved.value);
    clearIssues();
  }

  function dayOverrideBody(): Record<string, unknown> | null {
    const f = dayForm.value;
    if (f.mode === 'none') return null;
    const body: Record<string, unknown> = { kind: f.mode, name: f.name, note: f.note };
    if (f.mode === 'hours') body.hours = { ...f.hours };
    return body;
  }

  function dayLabel(path: string, override: unknown): string {
    if (path.startsWith('override.')) return `日期调整 · ${fieldLabel(path.slice('override.'.length), override)}`;
    if (path === 'shifts') return '本日班次';
    return fieldLabel(path, draft.value);
  }

  /** Saves the selected day: its override and the configuration with its shifts, checked here first. */
  async function saveDay(): Promise<boolean> {
    const date = selected.value;
    if (!date || busy.value) return false;
    const override = dayOverrideBody();
    const issues: CalendarIssue[] = [];
    if (override) {
      const o = checkCalendarOverride({ ...override, date });
      if (!o.ok) issues.push(...o.issues.map((i) => ({ path: `override.${i.path}`, message: i.message })));
    }
    const c = checkCalendarConfig(draft.value);
    if (!c.ok) issues.push(...c.issues);
    if (issues.length > 0) return refuseHere(issues, (p) => dayLabel(p, override));
    busy.value = true;
    const r = await useApi().send<{ day: CalendarDayView }>('PUT', `/calendar/days/${date}`, { override, config: draft.value });
    busy.value = false;
    if (!r.ok) return refusedByServer(r.error, (p) => dayLabel(p, override));
    clearIssues();
    notice.value = { kind: 'info', text: `${date} 已保存` };
    await load({ resetDraft: true });
    return true;
  }

  /** Saves the roster and the workday timetable. */
  async function saveConfig(): Promise<boolean> {
    if (busy.value) return false;
    const c = checkCalendarConfig(draft.value);
    if (!c.ok) return refuseHere(c.issues, (p) => fieldLabel(p, draft.value));
    busy.value = true;
    const r = await useApi().send('PUT', '/calendar', draft.value);
    busy.value = false;
    if (!r.ok) return refusedByServer(r.error, (p) => fieldLabel(p, draft.value));
    clearIssues();
    notice.value = { kind: 'info', text: '日历与排班已保存' };
    await load({ resetDraft: true });
    return true;
  }

  /** 高级: the configuration as JSON text, for what the forms do not reach. */
  async function saveRaw(): Promise<boolean> {
    let body: unknown;
    try {
      body = JSON.parse(rawText.value);
    } catch {
      return refuseHere([{ path: '', message: '不是有效的 JSON，请检查括号、引号和逗号' }], () => 'JSON');
    }
    const c = checkCalendarConfig(body);
    if (!c.ok) return refuseHere(c.issues, (p) => fieldLabel(p, body));
    busy.value = true;
    const r = await useApi().send('PUT', '/calendar', body);
    busy.value = false;
    if (!r.ok) return refusedByServer(r.error, (p) => fieldLabel(p, body));
    clearIssues();
    notice.value = { kind: 'info', text: '日历与排班已保存' };
    await load({ resetDraft: true });
    return true;
  }

  function refuseHere(issues: CalendarIssue[], labelOf: (path: string) => string): false {
    showIssues(issues, labelOf);
    notice.value = { kind: 'error', text: `未保存：${issueList.value.length} 处需要修改，已在对应位置标出` };
    return false;
  }

  function refusedByServer(error: { message: string; issues?: ApiIssue[] }, labelOf: (path: string) => string): false {
    if (error.issues?.length) showIssues(error.issues, labelOf);
    else clearIssues();
    notice.value = { kind: 'error', text: error.message };
    return false;
  }

  return {
    month,
    days,
    overrides,
    warnings,
    wired,
    saved,
    draft,
    dirty,
    errors,
    issueList,
    notice,
    busy,
    selected,
    selectedDay,
    dayForm,
    rawText,
    load,
    selectDay,
    setDayMode,
    shiftOnDate,
    setShiftOnDate,
    addShift,
    removeShift,
    addExtension,
    removeExtension,
    revert,
    saveDay,
    saveConfig,
    saveRaw,
  };
});
