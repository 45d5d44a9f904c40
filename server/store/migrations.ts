/**
 * Numbered, forward-only migrations. Each runs once, in its own transaction, and is recorded in
 * schema_migrations. Never edit a migration that has shipped: add the next number.
 */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'core',
    sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The append-only event log: the source of truth. seq rises by one per event.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  business_date TEXT,
  actor TEXT,
  payload TEXT NOT NULL
);

-- Idempotency: a repeated requestId returns the first answer and does nothing twice.
CREATE TABLE requests (
  request_id TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  command TEXT NOT NULL,
  response TEXT NOT NULL,
  at INTEGER NOT NULL
);

-- The catalogue and set-up, as JSON documents by kind (hall, groups, services, bundles, windows, staff,
-- devices, settings, calendar). Seeded on first start; changed by the admin console.
CREATE TABLE catalog (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);

CREATE TABLE credentials (
  staff_id TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE device_tokens (
  token_hash TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_seen_at INTEGER
);
CREATE INDEX device_tokens_device ON device_tokens(device_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

-- Read tables (projections of the event log).
CREATE TABLE hall_day (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  business_date TEXT,
  day_open INTEGER NOT NULL,
  case_counter INTEGER NOT NULL,
  next_ordinal INTEGER NOT NULL,
  last_seq INTEGER NOT NULL
);

CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  business_date TEXT NOT NULL,
  number TEXT NOT NULL,
  group_id TEXT NOT NULL,
  state TEXT NOT NULL,
  priority TEXT NOT NULL,
  taken_at INTEGER NOT NULL,
  called_at INTEGER,
  started_at INTEGER,
  completed_at INTEGER,
  window_id TEXT,
  staff_id TEXT,
  doc TEXT NOT NULL
);
CREATE UNIQUE INDEX tickets_day_number ON tickets(business_date, number);
CREATE INDEX tickets_open ON tickets(state) WHERE state IN ('waiting', 'called', 'serving', 'noShow');
CREATE INDEX tickets_day ON tickets(business_date);

CREATE TABLE windows_state (
  window_id TEXT PRIMARY KEY,
  doc TEXT NOT NULL
);

CREATE TABLE cases (
  case_id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  business_date TEXT NOT NULL,
  window_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  completed_at INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  evaluation_level INTEGER,
  evaluation_default INTEGER NOT NULL DEFAULT 0,
  evaluated_at INTEGER,
  record TEXT NOT NULL
);
CREATE INDEX cases_ticket ON cases(ticket_id);
CREATE INDEX cases_day ON cases(business_date);
CREATE INDEX cases_unrated ON cases(completed_at) WHERE evaluation_level IS NULL;

CREATE TABLE appointments (
  code TEXT PRIMARY KEY,
  date TEXT NOT NULL,
  service_ids TEXT NOT NULL,
  slot_start INTEGER NOT NULL,
  slot_end INTEGER NOT NULL,
  used_by_ticket_id TEXT
);
CREATE INDEX appointments_date ON appointments(date);

-- Outbox of case records for the district cloud, filled in the completing transaction.
-- kind 'case' carries a CaseRecord, 'evaluation' a CaseEvaluationUpdate. id gives the sending order.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('case', 'evaluation')),
  case_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
`,
  },
  {
    id: 2,
    name: 'calendar-overrides',
    sql: `
-- The hall's own calendar entries, which win over the statutory holiday data: a holiday a future year's
-- data lacks, an extra service day, an early close. One per date; every change is in the audit log.
CREATE TABLE calendar_overrides (
  date TEXT PRIMARY KEY,
  doc TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
  },
  {
    id: 3,
    name: 'ticket-prints',
    sql: `
-- Paper issued per ticket, written before the printer is asked: after a restart a repeated print request
-- must not become a second paper ticket.
CREATE TABLE ticket_prints (
  ticket_id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  first_at INTEGER NOT NULL,
  reprints INTEGER NOT NULL DEFAULT 0
);
`,
  },
  {
    id: 4,
    name: 'events-by-day',
    sql: `
-- A restart (and a day read back) counts the day's tickets as they were taken, from the day's TicketTaken
-- events, and reads the day's last calls: by type and business date, so start-up does not grow with the
-- history. The admin console's reports made the same index (migration 30) where the console is wired;
-- the store needs it everywhere, under the same name.
CREATE INDEX IF NOT EXISTS events_type_day ON events(type, business_date);
`,
  },
  {
    id: 5,
    name: 'one-ticket-day-index',
    sql: `
-- tickets_day_number (business_date, number) already answers every look-up by day: the index on
-- business_date alone was one more page written and flushed with every take, for nothing.
DROP INDEX IF EXISTS tickets_day;
`,
  },
  {
    id: 50,
    name: 'request-binding',
    sql: `
-- A requestId is bound to the command it was first given for: its name (the command column) and a hash of
-- its payload. A different payload under the same id is refused (REQUEST_ID_REUSED), never answered with
-- the first command's result. Rows written before this have no hash: only their command is compared.
ALTER TABLE requests ADD COLUMN payload_hash TEXT;
`,
  },
];
