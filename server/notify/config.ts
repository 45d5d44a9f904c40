import { z } from 'zod';

/**
 * The SMS gateway's configuration (environment, like the district sync's YICHUANG_CLOUD_*: a secret does
 * not belong in the admin settings, which every admin can read). `url` and `secret` together make it
 * "configured"; without them the notifier keeps no phone numbers and queues nothing.
 */
export const notifyConfigSchema = z.object({
  /** The gateway's endpoint, e.g. `https://sms.example.gov.cn/api/send`. */
  url: z.string().url().nullable().default(null),
  /** Shared secret for the HMAC-SHA256 signature of each request body (at least 16 characters). */
  secret: z.string().min(16).max(512).nullable().default(null),
  /** A request that takes longer is abandoned and retried: a hanging gateway holds nothing up. */
  timeoutMs: z.number().int().min(10).max(120_000).default(5_000),
  /** After this many failed attempts a message is a dead letter (shown in GET /api/notify/status). */
  maxAttempts: z.number().int().min(1).max(50).default(5),
  /** First retry delay; doubled per failed attempt, with jitter, up to the cap. */
  backoffBaseMs: z.number().int().min(1).max(3_600_000).default(5_000),
  backoffCapMs: z.number().int().min(1).max(3_600_000).default(120_000),
  /** How often the sender looks at the outbox between the hall's nudges. */
  pollMs: z.number().int().min(5).max(600_000).default(2_000),
});
export type NotifyConfig = z.infer<typeof notifyConfigSchema>;
export type NotifyConfigInput = z.input<typeof notifyConfigSchema>;

export function isConfigured(c: NotifyConfig): c is NotifyConfig & { url: string; secret: string } {
  return c.url !== null && c.secret !== null;
}

const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : Number(v));
const str = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

/**
 * Reads YICHUANG_SMS_URL, YICHUANG_SMS_SECRET, YICHUANG_SMS_TIMEOUT_MS, YICHUANG_SMS_MAX_ATTEMPTS.
 * Throws a ZodError naming the bad variable's field.
 */
export function notifyConfigFromEnv(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const input: Record<string, unknown> = {
    url: str(env.YICHUANG_SMS_URL),
    secret: str(env.YICHUANG_SMS_SECRET),
    timeoutMs: num(env.YICHUANG_SMS_TIMEOUT_MS),
    maxAttempts: num(env.YICHUANG_SMS_MAX_ATTEMPTS),
  };
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];
  return notifyConfigSchema.parse(input);
}
