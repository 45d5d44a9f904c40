import { QueueIndex } from './queue-index';
import { SnapshotMap } from './snapshot-map';
import type { Catalog, HallState, WindowRuntime } from './types';

/** A hall with no day open yet: every window closed, nobody waiting. */
export function initialState(catalog: Catalog): HallState {
  const windows = new Map<string, WindowRuntime>();
  for (const w of catalog.windows.values()) windows.set(w.id, closedWindow(w.id, 0));
  return {
    catalog,
    businessDate: null,
    dayOpen: false,
    counters: new Map(),
    caseCounter: 0,
    nextOrdinal: 1,
    // A snapshot of the tickets costs what changes while it is in use (the simulator's, see SnapshotMap).
    tickets: new SnapshotMap(),
    windows,
    queue: new QueueIndex(),
    serviceTaken: new Map(),
    appointments: new Map(),
    cases: new Map(),
    recentCalls: [],
    lastCompleted: new Map(),
    noShowIds: new Set(),
    figures: emptyFigures(),
  };
}

export function closedWindow(id: string, since: number): WindowRuntime {
  return { id, status: 'closed', staffId: null, pauseReason: null, currentTicketId: null, priorityStreak: 0, since };
}

export function emptyFigures(): HallState['figures'] {
  return { taken: 0, served: 0, noShows: 0, recentHandling: new Map(), perWindow: new Map() };
}

/** Replace the catalogue (an admin changed it): windows added to it appear closed. */
export function replaceCatalog(state: HallState, catalog: Catalog): void {
  state.catalog = catalog;
  for (const w of catalog.windows.values()) {
    if (!state.windows.has(w.id)) state.windows.set(w.id, closedWindow(w.id, 0));
  }
}
