import { z } from 'zod';

/**
 * The sender's configuration. `url`, `hallId` and `key` together make it "configured"; with any of them
 * missing the outbox still fills (the store writes it) and nothing is sent.
 */
export const syncConfigSchema = z.object({
  /** The district receiver's base URL, e.g. `https://cloud.example.gov.cn` (no trailing path). */
  url: z.string().url().nullable().default(null),
  /** The hall's id at the district; must equal `hallId` in the case records. */
  hallId: z.string().min(1).max(64).nullable().default(null),
  /** The hall's shared secret for HMAC-SHA256 (at least 16 characters; 32 random bytes in base64 is good). */
  key: z.string().min(16).max(512).nullable().default(null),
  /** N: a batch goes out as soon as this many records wait. */
  batchSize: z.number().int().min(1).max(1000).default(200),
  /** T: a batch goes out when its oldest record has waited this long, however few records wait. */
  intervalMs: z.number().int().min(10).max(24 * 3600_000).default(10_000),
  /** How often the sender looks at the outbox between `notify()` calls. */
  pollMs: z.number().int().min(5).max(600_000).default(1_000),
  /** A request (connect, send, answer) that takes longer is abandoned and retried. */
  timeoutMs: z.number().int().min(10).max(600_000).default(15_000),
  /** First retry delay after a failure; doubled per consecutive failure, with jitter. */
  backoffBaseMs: z.number().int().min(1).max(3600_000).default(2_000),
  /** Upper bound of the retry delay. */
  backoffCapMs: z.number().int().min(1).max(24 * 3600_000).default(300_000),
});
export type SyncConfig = z.infer<typeof syncConfigSchema>;
export type SyncConfigInput = z.input<typeof syncConfigSchema>;

/** True when the sender has somewhere to send and a key to sign with. */
export function isConfigured(c: SyncConfig): c is SyncConfig & { url: string; hallId: string; key: string } {
  return c.url !== null && c.hallId !== null && c.key !== null;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  return Number(v);
}

function str(v: string | undefined): string | null {
  return v === undefined || v.trim() === '' ? null : v.trim();
}

/**
 * Reads the configuration from environment variables (YICHUANG_CLOUD_URL, YICHUANG_CLOUD_HALL_ID,
 * YICHUANG_CLOUD_KEY, YICHUANG_SYNC_BATCH_SIZE, YICHUANG_SYNC_INTERVAL_MS, YICHUANG_SYNC_TIMEOUT_MS,
 * YICHUANG_SYNC_BACKOFF_CAP_MS). Throws a ZodError naming the bad variable's field.
 */
export function syncConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SyncConfig {
  const input: Record<string, unknown> = {
    url: str(env.YICHUANG_CLOUD_URL),
    hallId: str(env.YICHUANG_CLOUD_HALL_ID),
    key: str(env.YICHUANG_CLOUD_KEY),
    batchSize: num(env.YICHUANG_SYNC_BATCH_SIZE),
    intervalMs: num(env.YICHUANG_SYNC_INTERVAL_MS),
    timeoutMs: num(env.YICHUANG_SYNC_TIMEOUT_MS),
    backoffCapMs: num(env.YICHUANG_SYNC_BACKOFF_CAP_MS),
  };
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];
  return syncConfigSchema.parse(input);
}
