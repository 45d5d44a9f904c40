import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { FollowUp } from '../../../protocol/admin';
import { useApi } from './session';

/** 差评 follow-ups: the list (unfinished first, by deadline) and the steps taken on each. */
export const useFollowUpsStore = defineStore('followups', () => {
  const items = shallowRef<FollowUp[]>([]);
  const filter = ref<'active' | 'all' | 'overdue'>('active');
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    const q = filter.value === 'active' ? '?state=active' : filter.value === 'overdue' ? '?overdue=true' : '';
    const r = await useApi().get<{ followUps: FollowUp[] }>(`/followups${q}`);
    if (r.ok) items.value = r.followUps;
    else error.value = r.error.message;
  }

  async function act(id: number, body: Record<string, unknown>): Promise<boolean> {
    error.value = null;
    const r = await useApi().send<{ followUp: FollowUp }>('POST', `/followups/${id}/actions`, body);
    if (!r.ok) {
      error.value = r.error.message;
      return false;
    }
    items.value = items.value.map((f) => (f.id === id ? r.followUp : f));
    return true;
  }

  /**
   * 显示号码: the callback number in full. The server audits each request; the number lives only in the
   * page that asked (never in this store), so it goes when the page does.
   */
  async function revealPhone(id: number): Promise<string | null> {
    error.value = null;
    const r = await useApi().send<{ phone: string }>('POST', `/followups/${id}/phone`, {});
    if (!r.ok) {
      error.value = r.error.message;
      return null;
    }
    return r.phone;
  }

  return { items, filter, error, load, act, revealPhone };
});
