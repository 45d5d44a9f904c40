import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A hall the district knows, with its shared secret. */
export const hallKeySchema = z.object({
  hallId: z.string().min(1).max(64),
  key: z.string().min(16).max(512),
  name: z.string().max(100).optional(),
});
export type HallKey = z.infer<typeof hallKeySchema>;

/** The halls file (`CLOUD_HALLS_FILE`): `{ "halls": [{ "hallId", "key", "name"? }] }`. */
export const hallsFileSchema = z.object({ halls: z.array(hallKeySchema) });

/** The receiver's configuration. */
export interface CloudConfig {
  host: string;
  port: number;
  /** PostgreSQL when set; SQLite at `sqlitePath` otherwise. */
  databaseUrl: string | null;
  sqlitePath: string;
  halls: Map<string, HallKey>;
  /** How far a request's timestamp may be from the receiver's clock. */
  maxSkewMs: number;
  /** Bearer token for the summary route; open when null. */
  summaryToken: string | null;
  logLevel: string;
}

const envSchema = z.object({
  CLOUD_HOST: z.string().min(1).default('127.0.0.1'),
  CLOUD_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATABASE_URL: z.string().min(1).optional(),
  CLOUD_SQLITE_PATH: z.string().min(1).default('cloud-data/cloud.db'),
  CLOUD_HALLS_FILE: z.string().min(1).optional(),
  CLOUD_HALL_KEYS: z.string().optional(),
  CLOUD_MAX_SKEW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  CLOUD_SUMMARY_TOKEN: z.string().min(16).optional(),
  CLOUD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Parses `hallA=key1,hallB=key2` (CLOUD_HALL_KEYS). */
export function parseHallKeys(text: string): HallKey[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((pair) => {
      const i = pair.indexOf('=');
      return hallKeySchema.parse({ hallId: pair.slice(0, i).trim(), key: i < 0 ? '' : pair.slice(i + 1).trim() });
    });
}

/**
 * Reads the configuration from the environment (and the halls file it names). Throws with the bad
 * variable named; the caller prints it and exits.
 */
export function cloudConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CloudConfig {
  const e = envSchema.parse(env);
  const halls = new Map<string, HallKey>();
  if (e.CLOUD_HALLS_FILE) {
    const file = hallsFileSchema.parse(JSON.parse(readFileSync(e.CLOUD_HALLS_FILE, 'utf8')));
    for (const h of file.halls) halls.set(h.hallId, h);
  }
  if (e.CLOUD_HALL_KEYS) for (const h of parseHallKeys(e.CLOUD_HALL_KEYS)) halls.set(h.hallId, h);
  return {
    host: e.CLOUD_HOST,
    port: e.CLOUD_PORT,
    databaseUrl: e.DATABASE_URL ?? null,
    sqlitePath: e.CLOUD_SQLITE_PATH,
    halls,
    maxSkewMs: e.CLOUD_MAX_SKEW_MS,
    summaryToken: e.CLOUD_SUMMARY_TOKEN ?? null,
    logLevel: e.CLOUD_LOG_LEVEL,
  };
}
