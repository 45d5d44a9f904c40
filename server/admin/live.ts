import type { LiveView, LongWaitTicket, WindowActivity } from '../../protocol/admin';
import { PRIORITY_LABELS } from '../../protocol/catalog';
import type { WindowView } from '../../protocol/views';
import { groupCounts, windowViews } from '../hall/views';
import type { HallState } from '../domain/types';

function activityOf(w: WindowView): WindowActivity {
  return w.status === 'closed' ? 'closed' : w.status === 'paused' ? 'paused' : w.currentTicket ? 'serving' : 'idle';
}

/** The live view of the hall now (see `LiveView`): each group's queue, each window's activity, the long waits. */
export function liveView(state: HallState, now: number): LiveView {
  const threshold = state.catalog.settings.waitAlertMinutes;
  const groups = groupCounts(state, now).map((g) => ({ ...g, overThreshold: g.waiting > 0 && g.longestWaitMinutes >= threshold }));
  const windows = windowViews(state).map((w) => ({ ...w, activity: activityOf(w) }));
  const longWaits: LongWaitTicket[] = [];
  let waiting = 0;
  for (const t of state.tickets.values()) {
    if (t.state !== 'waiting') continue;
    waiting++;
    const waited = Math.floor((now - t.queuedAt + t.waitedMs) / 60_000);
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
  };
}
