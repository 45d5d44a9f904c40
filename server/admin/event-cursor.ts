import type { HallEvent } from '../domain/events';
import type { Db } from '../store/database';

/** One committed event as read back from the log. */
export interface LoggedEvent {
  seq: number;
  event: HallEvent;
}

/** Where a named reader of the event log stands; a reader not seen before starts at `initial()`. */
export function cursorOf(db: Db, name: string, initial: () => number): number {
  const row = db.prepare('SELECT seq FROM admin_cursors WHERE name = ?').get(name) as { seq: number } | undefined;
  if (row) return row.seq;
  const seq = initial();
  db.prepare('INSERT INTO admin_cursors (name, seq) VALUES (?, ?)').run(name, seq);
  return seq;
}

/**
 * Feeds the events after a reader's cursor to `handle`, in batches, each batch and the cursor's move in
 * one transaction: what a reader derives (follow-ups, webhook deliveries) is written exactly once, even
 * across a crash, because it reads the log — the truth — rather than trusting in-memory notifications.
 */
export function drainEvents(db: Db, name: string, handle: (batch: LoggedEvent[]) => void, opts: { types?: string[]; batch?: number; initial?: () => number } = {}): number {
  const size = opts.batch ?? 500;
  const initial = opts.initial ?? (() => 0);
  const typeFilter = opts.types?.length ? `AND type IN (${opts.types.map(() => '?').join(', ')})` : '';
  const select = db.prepare(`SELECT seq, payload FROM events WHERE seq > ? ${typeFilter} ORDER BY seq LIMIT ?`);
  const lastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events');
  const move = db.prepare('UPDATE admin_cursors SET seq = ? WHERE name = ?');
  let total = 0;
  for (;;) {
    const done = db.transaction(() => {
      const from = cursorOf(db, name, initial);
      const rows = select.all(from, ...(opts.types ?? []), size) as { seq: number; payload: string }[];
      const batch = rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.payload) as HallEvent }));
      if (batch.length > 0) handle(batch);
      // With a type filter, a short batch means the log is read to its end: move past events of other types too.
      const to = batch.length < size ? Math.max(from, (lastSeq.get() as { seq: number }).seq) : batch[batch.length - 1]!.seq;
      // Nothing new: no write, so a drain with nothing to do costs no commit (and no fsync).
      if (to !== from) move.run(to, name);
      total += batch.length;
      return batch.length < size;
    }).immediate();
    if (done) return total;
  }
}

/**
 * Moves a reader to the end of the log without reading what it passes (a reader with nobody to tell, such
 * as webhooks while none is active): the events are not parsed, and the cursor is written only if it moves.
 */
export function skipEvents(db: Db, name: string, initial: () => number = () => 0): void {
  db.transaction(() => {
    const from = cursorOf(db, name, initial);
    const to = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
    if (to > from) db.prepare('UPDATE admin_cursors SET seq = ? WHERE name = ?').run(to, name);
  }).immediate();
}
