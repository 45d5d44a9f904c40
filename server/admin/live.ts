import type { LiveView, LongWaitTicket, StrandedTicket, WindowActivity } from '../../protocol/admin';
import { PRIORITY_LABELS } from '../../protocol/catalog';
import type { WindowView } from '../../protocol/views';
import { servability } from '../domain/servability';
import { groupCounts, windowViews } from '../hall/views';
import type { HallState, Ticket } from '../domain/types';

function activityOf(w: WindowView): WindowActivity {
  return w.status === 'closed' ? 'closed' : w.status === 'paused' ? 'paused' : w.currentTicket ? 'serving' : 'idle';
}

/** A waiting ticket no staffed window can serve, with the windows that could; null when someone can. */
function strandedOf(state: HallState, t: Ticket, waited: number): StrandedTicket | null {
  const s = servability(state, { groupId: t.groupId, serviceIds: t.serviceIds, targetWindowId: t.targetWindowId });
  if (s.now) return null;
  const win = (id: string) => {
    const def = state.catalog.windows.get(id)!;
    return { id, number: def.number, name: def.name };
  };
  return {
    ticketId: t.id,
    number: t.number,
    groupId: t.groupId,
    serviceNames: t.serviceIds.map((id) => state.catalog.services.get(id)?.name ?? id),
    waitedMinutes: waited,
    targetWindow: t.targetWindowId ? { id: t.targetWindowId, name: win(t.targetWindowId).name } : null,
    windows: s.capable.map(win).sort((a, b) => a.number - b.number),
  };
}

/**
 * The live view of the hall now (see `LiveView`): each group's queue, each window's activity, the long waits,
 * and the tickets nobody can call now (stranded).
 */
export function liveView(state: HallState, now: number): LiveView {
  const threshold = state.catalog.settings.waitAlertMinutes;
  const windows = windowViews(state).map((w) => ({ ...w, activity: activityOf(w) }));
  const longWaits: LongWaitTicket[] = [];
  const stranded: StrandedTicket[] = [];
  let waiting = 0;
  for (const t of state.tickets.values()) {
    if (t.state !== 'waiting') continue;
    waiting++;
    const waited = Math.floor((now - t.queuedAt + t.waitedMs) / 60_000);
    const s = strandedOf(state, t, waited);
    if (s) stranded.push(s);
    if (waited < threshold) continue;
    longWaits.push({
      ticketId: t.id,
      number: t.number,
      groupId: t.groupId,
      priority: PRIORITY_LABELS[t.priority],
      serviceNames: t.serviceIds.map((id) => state.catalog.services.get(id)?.name ?? id),
      waitedMinutes: waited,
    });
  }
  longWaits.sort((a, b) => b.waitedMinutes - a.waitedMinutes);
  stranded.sort((a, b) => b.waitedMinutes - a.waitedMinutes);
  const groups = groupCounts(state, now).map((g) => ({
    ...g,
    overThreshold: g.waiting > 0 && g.longestWaitMinutes >= threshold,
    stranded: stranded.filter((s) => s.groupId === g.groupId).length,
  }));
  return {
    now,
    businessDate: state.businessDate,
    dayOpen: state.dayOpen,
    waitAlertMinutes: threshold,
    totals: {
      taken: state.figures.taken,
      served: state.figures.served,
      noShows: state.figures.noShows,
      waiting,
      windowsOpen: windows.filter((w) => w.activity !== 'closed' && w.activity !== 'paused').length,
    },
    groups,
    windows,
    longWaits,
    stranded,
  };
}
