import { adminConfigSchema, type AdminConfig } from '../../protocol/admin';
import type { Db } from '../store/database';

const KEY = 'admin';

/** The settings in force (defaults until an admin saves them). */
export function readAdminConfig(db: Db): AdminConfig {
  const row = db.prepare('SELECT doc FROM admin_config WHERE key = ?').get(KEY) as { doc: string } | undefined;
  return adminConfigSchema.parse(row ? JSON.parse(row.doc) : {});
}

/** Saves validated settings; the caller audits in the same transaction. */
export function writeAdminConfig(db: Db, config: AdminConfig, now: number): void {
  db.prepare('INSERT INTO admin_config (key, doc, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at').run(
    KEY,
    JSON.stringify(config),
    now,
  );
}
