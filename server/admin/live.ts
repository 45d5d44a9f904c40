import { PRIORITY_LABELS } from '../../protocol/catalog';
import { groupCounts, windowViews } from '../hall/views';
import type { HallState } from '../domain/types';

/** A ticket waiting past the hall's threshold, for the live view's highlight. */
export interface LongWaitTicket {
  ticketId: string;
  number: string;
  groupId: string;
  priority: string;
  serviceNames: string[];
  waitedMinutes: number;
}

/**
 * The hall now, for the console: each group's queue and longest wait, each window open / paused / serving
 * (with its clerk and ticket), the tickets waiting past the wait threshold, and the day's counts.
 */
export function liveView(state: HallState, now: number) {
  const threshold = state.catalog.settings.waitAlertMinutes;
  const groups = groupCounts(state, now).map((g) => ({ ...g, overThreshold: g.waiting > 0 && g.longestWaitMinutes >= threshold }));
  const windows = windowViews(state).map((w) => ({
    ...w,
    activity: w.status === 'closed' ? 'closed' : w.status === 'paused' ? 'paused' : w.currentTicket ? 'serving' : 'idle',
  }));
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
export type LiveView = ReturnType<typeof liveView>;
