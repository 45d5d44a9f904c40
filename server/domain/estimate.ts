import { windowCanServe } from './eligibility';
import type { HallState, Ticket } from './types';

/**
 * Today's formula, no longer the source of the take answer (the hall simulator is: server/estimates,
 * docs/simulation.md). Kept as the bench's point of comparison and as the fallback where no simulator is
 * wired (a reprint, a hall server built without it).
 *
 * Estimated wait in minutes for a ticket `ahead` places from the front: the tickets before it, shared
 * among the open windows that can serve it, times the group's recent handling time (today's last
 * completions, or the catalogue's typical minutes before the day has figures).
 */
export function estimateWaitMinutes(state: HallState, ticket: Pick<Ticket, 'groupId' | 'serviceIds' | 'bundleId'>, ahead: number): number {
  const recent = state.figures.recentHandling.get(ticket.groupId);
  let perTicketMin: number;
  if (recent && recent.length >= 3) {
    perTicketMin = recent.reduce((a, b) => a + b, 0) / recent.length / 60_000;
  } else {
    const bundle = ticket.bundleId ? state.catalog.bundles.get(ticket.bundleId) : undefined;
    perTicketMin = bundle?.avgMinutes
      ?? Math.max(...ticket.serviceIds.map((s) => state.catalog.services.get(s)?.avgMinutes ?? 10), 1);
  }
  let windows = 0;
  for (const w of state.windows.values()) {
    if (w.status === 'closed') continue;
    const def = state.catalog.windows.get(w.id);
    if (def && windowCanServe(state.catalog, def, ticket.groupId, ticket.serviceIds)) windows++;
  }
  // With nobody signed in yet (early morning), estimate as if one window served it.
  return Math.round((ahead * perTicketMin) / Math.max(1, windows));
}
