import { z } from 'zod';
import type { Db } from '../store/database';

/**
 * The console's own settings: 差评 follow-up deadlines, the default rating of cases left unrated, and the
 * alert thresholds. The wait threshold itself is the dispatch settings' `waitAlertMinutes`.
 */
export const adminConfigSchema = z.object({
  followUp: z
    .object({
      /** Working days to close a 差评 follow-up (5, 7 and 15 are all in use). */
      deadlineWorkingDays: z.number().int().min(1).max(60).default(5),
    })
    .default({ deadlineWorkingDays: 5 }),
  defaultEvaluation: z
    .object({
      enabled: z.boolean().default(true),
      /** A case unrated this many days after completion takes the default level. */
      afterDays: z.number().int().min(1).max(60).default(7),
      /** 3 基本满意, 4 满意, 5 非常满意: a default is never a 差评. */
      level: z.union([z.literal(3), z.literal(4), z.literal(5)]).default(3),
    })
    .default({ enabled: true, afterDays: 7, level: 3 }),
  alerts: z
    .object({
      enabled: z.boolean().default(true),
      /** Alert when this many wait in one group (the wait threshold is the dispatch settings' waitAlertMinutes). */
      waitingCount: z.number().int().min(1).max(10_000).default(30),
      /** An alert still true is said again after this many minutes. */
      repeatMinutes: z.number().int().min(1).max(240).default(15),
    })
    .default({ enabled: true, waitingCount: 30, repeatMinutes: 15 }),
});
export type AdminConfig = z.infer<typeof adminConfigSchema>;

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
