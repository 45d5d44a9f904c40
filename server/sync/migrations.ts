import type { Migration } from '../store/migrations';

/**
 * The sender's own tables, applied after the core migrations (ids 10-19 are the sync's). Forward-only:
 * never edit one that has shipped, add the next id.
 */
export const SYNC_MIGRATIONS: Migration[] = [
  {
    id: 10,
    name: 'sync',
    sql: `
-- One row: what the admin console shows and what survives a restart (backoff included).
CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_success_at INTEGER,
  last_attempt_at INTEGER,
  last_error_at INTEGER,
  last_error_code TEXT,
  last_error_message TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER
);
INSERT INTO sync_state (id, failures) VALUES (1, 0);

-- The batch in flight, pinned before it is sent: after a lost answer or a crash the very same outbox
-- rows go again under the same batch id, so the receiver recognises the resend. At most one row.
CREATE TABLE sync_batch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  batch_id TEXT NOT NULL,
  outbox_ids TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
);

-- Records the receiver rejected (or that could not be sent at all), kept aside with the reason so one
-- bad record never blocks the queue.
CREATE TABLE sync_dead_letters (
  outbox_id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  case_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  batch_id TEXT,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  rejected_at INTEGER NOT NULL
);
`,
  },
  {
    id: 11,
    name: 'sync-next-batch',
    sql: `
-- The batch that goes right after the pinned one, pinned while that one is in flight: it can go the
-- moment the pinned one is answered, before that answer is settled, and is still pinned before its
-- first byte. At most one row; settling the pinned batch consumes it (or drops it when it is stale).
CREATE TABLE sync_next_batch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  batch_id TEXT NOT NULL,
  outbox_ids TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`,
  },
];
