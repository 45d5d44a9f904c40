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

/**
 * The settings for code that reads them on every command (the sockets' rate limits): read again at most
 * once per `ttlMs` of real time, so a saved change is in force within that time.
 */
export function cachedAdminConfig(db: Db, ttlMs = 1_000, now: () => number = Date.now): () => AdminConfig {
  let cached: { config: AdminConfig; at: number } | null = null;
  return () => {
    const t = now();
    if (!cached || t - cached.at >= ttlMs || t < cached.at) cached = { config: readAdminConfig(db), at: t };
    return cached.config;
  };
}
