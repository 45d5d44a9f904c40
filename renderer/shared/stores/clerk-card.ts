import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ClerkCard } from '../../../protocol/clerk-card';
import { clerkCard } from '../api/rest';

/**
 * The clerk serving at this terminal's window (亮证亮岗), for the window screen and the pad. Loaded when
 * the window's clerk changes and after each rating (the 满意率 moves); a failed load keeps what was shown.
 */
export const useClerkCardStore = defineStore('clerk-card', () => {
  const card = shallowRef<ClerkCard | null>(null);
  const loadedFor = ref<string | null>(null);
  let seq = 0;

  async function load(windowId: string | null): Promise<void> {
    const mine = ++seq;
    if (!windowId) {
      card.value = null;
      loadedFor.value = null;
      return;
    }
    const r = await clerkCard(windowId);
    // A later load (another clerk signed in meanwhile) wins.
    if (mine !== seq || !r.ok) return;
    card.value = r.clerk;
    loadedFor.value = windowId;
  }

  return { card, loadedFor, load };
});
