import type { CloudDatabase } from './database';

/**
 * The receiver's schema, numbered and forward-only, written in the SQL that SQLite and PostgreSQL share
 * (TEXT, INTEGER, BIGINT, DOUBLE PRECISION). Never edit one that has shipped: add the next id.
 */
export interface CloudMigration {
  id: number;
  name: string;
  sql: string;
}

export const CLOUD_MIGRATIONS: CloudMigration[] = [
  {
    id: 1,
    name: 'cases-and-batches',
    sql: `
-- One row per case per hall: the idempotency key of a case record is (hall_id, case_id).
CREATE TABLE cases (
  hall_id TEXT NOT NULL,
  case_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  business_date TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  completed_at TEXT NOT NULL,
  outcome TEXT NOT NULL,
  wait_minutes DOUBLE PRECISION NOT NULL,
  handling_minutes DOUBLE PRECISION NOT NULL,
  record TEXT NOT NULL,
  evaluation_level INTEGER,
  evaluation_default INTEGER,
  evaluation_comment TEXT,
  evaluation_at_ms BIGINT,
  batch_id TEXT NOT NULL,
  received_at_ms BIGINT NOT NULL,
  PRIMARY KEY (hall_id, case_id)
);
CREATE INDEX cases_day ON cases (business_date, hall_id);

-- One row per batch per hall, with the answer given, so a resend gets the same answer.
CREATE TABLE batches (
  hall_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  record_count INTEGER NOT NULL,
  stored_count INTEGER NOT NULL DEFAULT 0,
  duplicate_count INTEGER NOT NULL DEFAULT 0,
  rejected_count INTEGER NOT NULL DEFAULT 0,
  reply TEXT,
  received_at_ms BIGINT NOT NULL,
  replays INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hall_id, batch_id)
);

-- Records refused, with the reason, for the district's own follow-up.
CREATE TABLE rejections (
  hall_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  case_id TEXT,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (hall_id, batch_id, seq)
);
`,
  },
  {
    id: 2,
    name: 'hall-day-rollup',
    sql: `
-- The district summary's source: one row per hall per business day, kept by the batch that stores a
-- case (and by an evaluation that changes one), so a summary reads days, not cases. Sums, not
-- averages, so that a change is a delta.
CREATE TABLE hall_day_rollup (
  hall_id TEXT NOT NULL,
  business_date TEXT NOT NULL,
  tickets INTEGER NOT NULL,
  cases INTEGER NOT NULL,
  wait_sum DOUBLE PRECISION NOT NULL,
  handling_sum DOUBLE PRECISION NOT NULL,
  rated INTEGER NOT NULL,
  default_rated INTEGER NOT NULL,
  satisfied INTEGER NOT NULL,
  PRIMARY KEY (business_date, hall_id)
);

-- The tickets seen per hall per day, so that a ticket with a second case (办件) counts once: the
-- rollup's tickets column counts the rows that were new here.
CREATE TABLE hall_day_tickets (
  hall_id TEXT NOT NULL,
  business_date TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  PRIMARY KEY (hall_id, business_date, ticket_id)
);

-- Nothing reads cases by date any more (the summary reads the rollup), and every index is paid for by
-- every case stored: the rollup's ticket key takes its place.
DROP INDEX cases_day;

-- Built from the cases already stored.
INSERT INTO hall_day_tickets (hall_id, business_date, ticket_id)
  SELECT DISTINCT hall_id, business_date, ticket_id FROM cases;
INSERT INTO hall_day_rollup
    (hall_id, business_date, tickets, cases, wait_sum, handling_sum, rated, default_rated, satisfied)
  SELECT hall_id, business_date, COUNT(DISTINCT ticket_id), COUNT(*), SUM(wait_minutes), SUM(handling_minutes),
         COUNT(evaluation_level),
         SUM(CASE WHEN evaluation_default = 1 THEN 1 ELSE 0 END),
         SUM(CASE WHEN evaluation_level >= 3 THEN 1 ELSE 0 END)
    FROM cases GROUP BY hall_id, business_date;
`,
  },
];

/**
 * Applies the migrations not yet applied, each in its own transaction, recorded in schema_migrations.
 * On PostgreSQL an advisory lock makes receivers starting together take turns.
 */
export async function migrate(db: CloudDatabase, migrations: CloudMigration[] = CLOUD_MIGRATIONS): Promise<number[]> {
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    const done = await db.transaction(async (tx) => {
      // Any constant shared by all receivers of one database would do as the lock key.
      if (db.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7461736)');
      await tx.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)',
      );
      const seen = await tx.query('SELECT id FROM schema_migrations WHERE id = $1', [m.id]);
      if (seen.rows.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (id, name, applied_at_ms) VALUES ($1, $2, $3)', [
        m.id,
        m.name,
        Date.now(),
      ]);
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}
