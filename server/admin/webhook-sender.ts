import { backoffDelay } from '../sync/schedule';
import type { AdminContext } from './context';
import { signWebhook } from './webhooks';

/** Retry policy: like the cloud sync, exponential backoff with jitter, then the delivery is set aside. */
export const WEBHOOK_RETRY = { baseMs: 5_000, capMs: 3_600_000, maxAttempts: 15, timeoutMs: 10_000, perTick: 50 } as const;
const KEEP_DELIVERED_MS = 7 * 24 * 3600_000;

interface Delivery {
  id: number;
  webhook_id: string;
  seq: number;
  event_type: string;
  payload: string;
  attempts: number;
  next_attempt_at: number;
  url: string;
  secret: string;
}

/**
 * Sends queued deliveries: per webhook strictly in order (the oldest pending first, the next only after it
 * succeeded or was set aside), webhooks side by side. A 2xx answer is a delivery; anything else is
 * retried after `backoffDelay`, and after `maxAttempts` set aside as dead (shown in the console).
 * Every step is written to the database, so a restart resumes where it stopped.
 */
export function createWebhookSender(ctx: AdminContext) {
  const doFetch = ctx.deps.fetch ?? fetch;
  const random = ctx.deps.random ?? Math.random;
  let running: Promise<number> | null = null;

  const next = ctx.db.prepare(`SELECT o.id, o.webhook_id, o.seq, o.event_type, o.payload, o.attempts, o.next_attempt_at, w.url, w.secret
    FROM webhook_outbox o JOIN webhooks w ON w.id = o.webhook_id
    WHERE o.webhook_id = ? AND o.delivered_at IS NULL AND o.dead_at IS NULL ORDER BY o.id LIMIT 1`);
  const delivered = ctx.db.prepare('UPDATE webhook_outbox SET delivered_at = ?, attempts = attempts + 1, last_status = ?, last_error = NULL WHERE id = ?');
  const failed = ctx.db.prepare('UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?, dead_at = ? WHERE id = ?');

  async function attempt(d: Delivery): Promise<boolean> {
    const timestamp = String(ctx.now());
    let status: number | null = null;
    let error: string;
    try {
      const res = await doFetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-yichuang-event': d.event_type,
          'x-yichuang-delivery': String(d.id),
          'x-yichuang-timestamp': timestamp,
          'x-yichuang-signature': signWebhook(d.secret, timestamp, d.payload),
        },
        body: d.payload,
        signal: AbortSignal.timeout(WEBHOOK_RETRY.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        delivered.run(ctx.now(), status, d.id);
        return true;
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      const e = err as { name?: string; message?: string; cause?: { code?: string } };
      error = e.name === 'TimeoutError' ? '接收方响应超时' : `无法连接：${e.cause?.code ?? e.message ?? String(err)}`;
    }
    const attempts = d.attempts + 1;
    const now = ctx.now();
    const dead = attempts >= WEBHOOK_RETRY.maxAttempts ? now : null;
    failed.run(attempts, now + backoffDelay(attempts, WEBHOOK_RETRY.baseMs, WEBHOOK_RETRY.capMs, random), status, error, dead, d.id);
    ctx.deps.logger.warn({ webhook: d.webhook_id, delivery: d.id, attempts, error }, dead ? 'webhook delivery set aside' : 'webhook delivery failed');
    return dead !== null;
  }

  async function drainHook(webhookId: string): Promise<number> {
    let sent = 0;
    for (let i = 0; i < WEBHOOK_RETRY.perTick; i++) {
      const d = next.get(webhookId) as Delivery | undefined;
      if (!d || d.next_attempt_at > ctx.now()) break;
      const moved = await attempt(d);
      if (!moved) break;
      sent++;
    }
    return sent;
  }

  async function run(): Promise<number> {
    const hooks = ctx.db.prepare('SELECT id FROM webhooks WHERE active = 1').all() as { id: string }[];
    const counts = await Promise.all(hooks.map((h) => drainHook(h.id)));
    ctx.db.prepare('DELETE FROM webhook_outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?').run(ctx.now() - KEEP_DELIVERED_MS);
    return counts.reduce((a, b) => a + b, 0);
  }

  return {
    /** One pass over every webhook; passes never overlap. Resolves with the deliveries moved on. */
    tick(): Promise<number> {
      if (!running) running = run().finally(() => (running = null));
      return running;
    },
  };
}
