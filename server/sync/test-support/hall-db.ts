import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../store/migrations';
import { SYNC_MIGRATIONS } from '../migrations';

/**
 * Opens a hall database with the core and sync migrations applied, as the hall server's runner does
 * (WAL, synchronous=FULL). For tests, benches and the child-process sender only.
 */
export function openHallDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS test_migrations (id INTEGER PRIMARY KEY)');
  const done = new Set((db.prepare('SELECT id FROM test_migrations').pluck().all() as number[]));
  for (const m of [...MIGRATIONS, ...SYNC_MIGRATIONS]) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO test_migrations (id) VALUES (?)').run(m.id);
    })();
  }
  return db;
}
