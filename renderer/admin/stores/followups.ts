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

  return { items, filter, error, load, act };
});
