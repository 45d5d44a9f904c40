import type { Migration } from '../store/migrations';

/**
 * The admin console's own tables (ids 30-39 are the admin's), applied after the core migrations.
 * Forward-only: never edit one that has shipped, add the next id.
 */
export const ADMIN_MIGRATIONS: Migration[] = [
  {
    id: 30,
    name: 'admin',
    sql: `
-- Every change an admin makes: who, when, what, and the object before and after (JSON; secrets left out).
CREATE TABLE admin_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target_kind TEXT NOT NULL,
  target_id TEXT,
  summary TEXT NOT NULL,
  before TEXT,
  after TEXT
);
CREATE INDEX admin_audit_at ON admin_audit(at);
CREATE INDEX admin_audit_target ON admin_audit(target_kind, target_id);

-- The console's own settings (follow-up deadlines, default ratings, alert thresholds), one JSON document.
CREATE TABLE admin_config (
  key TEXT PRIMARY KEY,
  doc TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- How far each reader of the event log has got (follow-ups, webhooks), so a restart resumes exactly there.
CREATE TABLE admin_cursors (
  name TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
);

-- 差评 follow-up: one item per case rated 不满意 or 非常不满意.
CREATE TABLE followups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL UNIQUE,
  ticket_id TEXT NOT NULL,
  ticket_number TEXT NOT NULL,
  business_date TEXT NOT NULL,
  window_id TEXT NOT NULL,
  staff_id TEXT,
  service_names TEXT NOT NULL,
  level INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  rated_at INTEGER NOT NULL,
  opened_on TEXT NOT NULL,
  deadline_days INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'contacted', 'closed', 'appealed', 'appeal_upheld')),
  owner_id TEXT,
  contacted_at INTEGER,
  contact_note TEXT,
  fix TEXT,
  closed_at INTEGER,
  closing_note TEXT,
  appeal_reason TEXT,
  appealed_at INTEGER,
  appeal_result TEXT CHECK (appeal_result IN ('upheld', 'rejected')),
  appeal_note TEXT,
  appeal_decided_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX followups_state ON followups(state, due_date);
CREATE INDEX followups_day ON followups(business_date);

-- Webhooks: URLs that receive signed ticket events.
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL,
  active INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One delivery per webhook and event, sent in id order per webhook, retried with backoff.
CREATE TABLE webhook_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  last_status INTEGER,
  delivered_at INTEGER,
  dead_at INTEGER
);
CREATE UNIQUE INDEX webhook_outbox_once ON webhook_outbox(webhook_id, seq);
CREATE INDEX webhook_outbox_pending ON webhook_outbox(webhook_id, id) WHERE delivered_at IS NULL AND dead_at IS NULL;

-- Reports read the event log by type and business date (transfers, window sessions).
CREATE INDEX IF NOT EXISTS events_type_day ON events(type, business_date);
`,
  },
  {
    id: 31,
    name: 'staff photos',
    sql: `
-- A clerk's photo for the window screen and the evaluation pad (亮证亮岗): checked image bytes, at most
-- STAFF_PHOTO_MAX_BYTES, one per staff member; it goes when they do.
CREATE TABLE staff_photos (
  staff_id TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  data BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
  },
];
