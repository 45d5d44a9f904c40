import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { toPositional, type CloudDatabase, type Queryable, type QueryResult } from './database';

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

  const cache = new Map<string, Statement>();
  let turn: Promise<unknown> = Promise.resolve();

  function queued<T>(fn: () => Promise<T>): Promise<T> {
    const p = turn.then(fn, fn);
    turn = p.catch(() => undefined);
    return p;
  }

  function run<T>(sql: string, params: readonly unknown[]): QueryResult<T> {
    const p = toPositional(sql, params);
    let stmt = cache.get(p.sql);
    if (!stmt) {
      stmt = db.prepare(p.sql);
      cache.set(p.sql, stmt);
    }
    if (stmt.reader) {
      const rows = stmt.all(...p.params) as T[];
      return { rows, rowCount: rows.length };
    }
    const info = stmt.run(...p.params);
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
