import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { TicketStatusView } from '../../../protocol/views';
import { ticketStatus } from '../../shared/api/rest';
import { errorText } from '../../shared/i18n';

/** States after which nothing changes any more: polling stops. */
const FINAL = new Set(['completed', 'noShow', 'cancelled', 'closed']);

/** How often the page asks while the ticket waits. */
export const POLL_MS = 10_000;

/** The public status of one ticket (the QR code on it), polled while it can still change. */
export const useTicketStatusStore = defineStore('ticketStatus', () => {
  const id = ref<string | null>(null);
  const ticket = shallowRef<TicketStatusView | null>(null);
  const error = ref<string | null>(null);
  const updatedAt = ref<number | null>(null);
  const loading = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fetchFn: typeof fetch | undefined;

  async function refresh(): Promise<void> {
    if (!id.value) return;
    loading.value = true;
    const r = await ticketStatus(id.value, fetchFn);
    loading.value = false;
    if (r.ok) {
      ticket.value = r.ticket;
      error.value = null;
      updatedAt.value = Date.now();
    } else {
      error.value = errorText(r.error);
      // A ticket that does not exist will not appear later.
      if (r.error.code === 'UNKNOWN_TICKET' || r.error.code === 'BAD_REQUEST') return;
    }
    if (ticket.value && FINAL.has(ticket.value.state)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), POLL_MS);
  }

  /** Starts following a ticket. */
  function follow(ticketId: string, f?: typeof fetch): Promise<void> {
    id.value = ticketId;
    fetchFn = f;
    return refresh();
  }

  function stop(): void {
    clearTimeout(timer);
  }

  return { id, ticket, error, updatedAt, loading, follow, refresh, stop };
});

/** The ticket id in `/t/<id>`, or null. */
export function ticketIdFromPath(pathname: string): string | null {
  const m = /^\/t\/([A-Za-z0-9_-]{6,32})\/?$/.exec(pathname);
  return m ? m[1]! : null;
}
