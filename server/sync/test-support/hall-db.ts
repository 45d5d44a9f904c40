import type Database from 'better-sqlite3';
import { openDatabase } from '../../store/database';
import { SYNC_MIGRATIONS } from '../migrations';

/**
 * Opens a hall database file through the hall's own `openDatabase` (pragmas, core migrations) plus the
 * sync migrations, as the hall server does. For tests, benches and the child-process sender.
 */
export function openHallDb(path: string): Database.Database {
  return openDatabase(path, SYNC_MIGRATIONS);
}
