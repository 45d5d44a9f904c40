import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { DayView } from '../../../protocol/admin';
import type { ApiError, ApiResult } from '../api/admin-api';
import { useApi } from './session';

/** A requestId for one click: a repeated request (a double click, a retry) is done once. */
function newRequestId(): string {
  return `day-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * The business day (营业日) in the console: the date the hall holds beside its clock's date, and the three
 * changes a manager makes — close, open (or reopen the same day after a mistaken close), and a forced open
 * with a reason, the way back from a wrong day. Each answer carries the day as it now is.
 */
export const useDayStore = defineStore('day', () => {
  const day = shallowRef<DayView | null>(null);
  const notice = ref<{ kind: 'info' | 'error'; text: string; error?: ApiError } | null>(null);
  const busy = ref(false);

  async function load(): Promise<void> {
    const r = await useApi().get<{ day: DayView }>('/day');
    if (r.ok) day.value = r.day;
  }

  async function change(p: Promise<ApiResult<{ day: DayView }>>, done: string): Promise<boolean> {
    busy.value = true;
    const r = await p;
    busy.value = false;
    if (!r.ok) {
      notice.value = { kind: 'error', text: r.error.message, error: r.error };
      return false;
    }
    day.value = r.day;
    notice.value = { kind: 'info', text: done };
    return true;
  }

  /** Opens the hall clock's date: a new day, or the same day again after a close. */
  function open(): Promise<boolean> {
    const businessDate = day.value?.hallDate;
    if (!businessDate) return Promise.resolve(false);
    return change(useApi().send('POST', '/day/open', { requestId: newRequestId(), businessDate }), `营业日 ${businessDate} 已开始营业`);
  }

  /** Opens a date the hall would refuse (off its clock, or earlier than the day it holds); needs a reason. */
  function forceOpen(businessDate: string, reason: string): Promise<boolean> {
    return change(
      useApi().send('POST', '/day/open', { requestId: newRequestId(), businessDate, force: true, reason }),
      `营业日已改为 ${businessDate}`,
    );
  }

  function close(reason: string): Promise<boolean> {
    return change(useApi().send('POST', '/day/close', { requestId: newRequestId(), reason }), '已结束营业');
  }

  return { day, notice, busy, load, open, forceOpen, close };
});
