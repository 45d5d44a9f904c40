import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';
import { isStorageFailure, StorageStartError } from './write-health';

export type Db = Database.Database;

/**
 * Opens the hall database with the pragmas every connection needs, in one place:
 * WAL (readers never block the writer), synchronous=FULL on every open (better-sqlite3 falls back to
 * NORMAL when it reopens a WAL database, and a power cut after an acknowledged ticket must not lose it),
 * foreign keys, and a busy timeout. Then applies any migration not yet applied.
 */
export function openDatabase(file: string, extraMigrations: Migration[] = []): Db {
  let db: Db | undefined;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A write now, so a folder the hall cannot write stops the start here, named, not at the first ticket.
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`);
  } catch (err) {
    db?.close();
    if (isStorageFailure(err)) throw new StorageStartError(path.dirname(path.resolve(file)), err.code);
    throw err;
  }
  migrate(db, [...MIGRATIONS, ...extraMigrations]);
  return db;
}

/** Applies pending migrations in id order, each in its own transaction. */
export function migrate(db: Db, migrations: Migration[]): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const done = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: number }[]).map((r) => r.id));
  const ids = new Set<number>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`duplicate migration id ${m.id} (${m.name})`);
    ids.add(m.id);
  }
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, Date.now());
    })();
    applied.push(m.id);
  }
  return applied;
}
