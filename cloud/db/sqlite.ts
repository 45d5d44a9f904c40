import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { bindPositional, toPositional, type CloudDatabase, type Queryable, type PositionalPlan, type QueryResult } from './database';

/** Prepared statements kept per connection. */
const MAX_CACHED = 256;

/**
 * SQLite through better-sqlite3: one connection, WAL, synchronous=FULL (the hall deletes a record once
 * we answered, so what we answered must be on disk). better-sqlite3 is synchronous and a transaction
 * here spans awaits, so every statement and transaction takes a turn on one queue: no request ever
 * runs a statement inside another request's transaction.
 */
export function openSqlite(path: string): CloudDatabase {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A batch of 1,000 cases writes about 1.5 MB of pages. With SQLite's default 2 MB page cache and a
  // checkpoint every 4 MB of WAL, every third batch paid a checkpoint (the database file written and
  // flushed) and pages of the indexes were read back again. A larger cache and WAL between checkpoints
  // change what a commit costs, not what it promises: a commit is still on disk (WAL, FULL) when it returns.
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 10000');

  // Keyed by the text as written: rewriting a batch's multi-row statement (thousands of `$n`) on
  // every call was a tenth of the receiver's time.
  const cache = new Map<string, { stmt: Statement; plan: PositionalPlan }>();
  let turn: Promise<unknown> = Promise.resolve();

  function queued<T>(fn: () => Promise<T>): Promise<T> {
    const p = turn.then(fn, fn);
    turn = p.catch(() => undefined);
    return p;
  }

  function run<T>(sql: string, params: readonly unknown[]): QueryResult<T> {
    let entry = cache.get(sql);
    if (!entry) {
      const plan = toPositional(sql);
      entry = { stmt: db.prepare(plan.sql), plan };
      // Multi-row statements come in as many texts as batch sizes: keep the cache bounded.
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(sql, entry);
    }
    const { stmt } = entry;
    // One array, not spread: a batch's multi-row statement has thousands of parameters.
    const bound = bindPositional(entry.plan, params);
    if (stmt.reader) {
      const rows = stmt.all(bound) as T[];
      return { rows, rowCount: rows.length };
    }
    const info = stmt.run(bound);
    return { rows: [], rowCount: info.changes };
  }

  const direct: Queryable = {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return run<T>(sql, params);
    },
    async exec(sql: string) {
      db.exec(sql);
    },
  };

  return {
    dialect: 'sqlite',
    query<T>(sql: string, params: readonly unknown[] = []) {
      return queued(async () => run<T>(sql, params));
    },
    exec(sql: string) {
      return queued(async () => {
        db.exec(sql);
      });
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return queued(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      });
    },
    async close() {
      await queued(async () => {
        db.close();
      });
    },
  };
}
