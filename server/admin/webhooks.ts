import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { WEBHOOK_EVENT_NAMES, type Webhook, type WebhookEventName } from '../../protocol/admin';
import type { HallEvent } from '../domain/events';
import { publicEvent } from '../hall/feed-events';
import type { Db } from '../store/database';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { badRequest, notFound, zodIssues } from './errors';
import { drainEvents, skipEvents } from './event-cursor';

/** The hall events behind each ticket event a webhook can subscribe to. */
export const WEBHOOK_EVENTS = {
  'ticket.taken': ['TicketTaken'],
  'ticket.called': ['TicketCalled', 'TicketRecalled'],
  'ticket.started': ['TicketStarted'],
  'ticket.completed': ['TicketCompleted'],
  'ticket.noShow': ['TicketNoShow'],
  'ticket.transferred': ['TicketTransferred'],
  'ticket.cancelled': ['TicketCancelled'],
  'ticket.evaluated': ['EvaluationSubmitted'],
} as const satisfies Record<WebhookEventName, readonly HallEvent['type'][]>;
const BY_HALL_EVENT = new Map<string, WebhookEventName>(
  Object.entries(WEBHOOK_EVENTS).flatMap(([name, types]) => types.map((t) => [t, name as WebhookEventName] as const)),
);

export const webhookInputSchema = z.object({
  url: z
    .string()
    .url()
    .max(500)
    .refine((u) => /^https?:\/\//.test(u), '只支持 http 或 https 地址'),
  events: z.array(z.enum(WEBHOOK_EVENT_NAMES)).min(1).max(WEBHOOK_EVENT_NAMES.length),
  active: z.boolean().default(true),
  description: z.string().max(100).default(''),
});

/** The signature header: `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` under the webhook's secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): constant-time check of a signature header. */
export function verifyWebhook(secret: string, timestamp: string, body: string, header: string): boolean {
  const m = /^v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!m) return false;
  const want = Buffer.from(signWebhook(secret, timestamp, body).slice(3), 'hex');
  return timingSafeEqual(Buffer.from(m[1]!, 'hex'), want);
}

interface HookRow {
  id: string;
  url: string;
  secret: string;
  events: string;
  active: number;
  description: string;
  created_at: number;
}

export function listWebhooks(db: Db): Webhook[] {
  const rows = db.prepare('SELECT * FROM webhooks ORDER BY created_at').all() as HookRow[];
  const stats = db.prepare(`SELECT SUM(delivered_at IS NULL AND dead_at IS NULL) AS pending, SUM(dead_at IS NOT NULL) AS dead, MAX(delivered_at) AS last
    FROM webhook_outbox WHERE webhook_id = ?`);
  const lastError = db.prepare('SELECT last_error FROM webhook_outbox WHERE webhook_id = ? AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1');
  return rows.map((r) => {
    const s = stats.get(r.id) as { pending: number | null; dead: number | null; last: number | null };
    const e = lastError.get(r.id) as { last_error: string } | undefined;
    return {
      id: r.id,
      url: r.url,
      events: JSON.parse(r.events),
      active: r.active === 1,
      description: r.description,
      createdAt: r.created_at,
      secretHint: `${r.secret.slice(0, 10)}…`,
      pending: s.pending ?? 0,
      dead: s.dead ?? 0,
      lastDeliveredAt: s.last,
      lastError: e?.last_error ?? null,
    };
  });
}

function parseInput(body: unknown) {
  const parsed = webhookInputSchema.safeParse(body, { error: z.locales.zhCN().localeError });
  if (!parsed.success) throw badRequest(`Webhook 填写有误：${zodIssues(parsed.error)[0]!.path} ${zodIssues(parsed.error)[0]!.message}`, zodIssues(parsed.error));
  return parsed.data;
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** Registers a URL; the answer carries the signing secret, shown this once. */
export function createWebhook(ctx: AdminContext, actor: Actor, body: unknown): { webhook: Webhook; secret: string } {
  const input = parseInput(body);
  // Events committed before the webhook existed are not its business: bring the reader up to date first.
  enqueueWebhookEvents(ctx);
  const id = `wh-${randomBytes(6).toString('hex')}`;
  const secret = newSecret();
  const now = ctx.now();
  ctx.change(
    actor,
    () =>
      ctx.db
        .prepare('INSERT INTO webhooks (id, url, secret, events, active, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, input.url, secret, JSON.stringify(input.events), input.active ? 1 : 0, input.description, now, now),
    () => ({ action: 'webhook.create', targetKind: 'webhook', targetId: id, summary: `新增 Webhook ${input.url}`, before: null, after: input }),
  );
  return { webhook: listWebhooks(ctx.db).find((w) => w.id === id)!, secret };
}

function hookRow(ctx: AdminContext, id: string): HookRow {
  const r = ctx.db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as HookRow | undefined;
  if (!r) throw notFound(`Webhook ${id} 不存在`);
  return r;
}

export function updateWebhook(ctx: AdminContext, actor: Actor, id: string, body: unknown): Webhook {
  const before = hookRow(ctx, id);
  const input = parseInput(body);
  ctx.change(
    actor,
    () =>
      ctx.db
        .prepare('UPDATE webhooks SET url = ?, events = ?, active = ?, description = ?, updated_at = ? WHERE id = ?')
        .run(input.url, JSON.stringify(input.events), input.active ? 1 : 0, input.description, ctx.now(), id),
    () => ({
      action: 'webhook.update',
      targetKind: 'webhook',
      targetId: id,
      summary: `修改 Webhook ${input.url}`,
      before: { url: before.url, events: JSON.parse(before.events), active: before.active === 1, description: before.description },
      after: input,
    }),
  );
  return listWebhooks(ctx.db).find((w) => w.id === id)!;
}

/** A new secret; deliveries still queued are signed with it when they go. */
export function rotateWebhookSecret(ctx: AdminContext, actor: Actor, id: string): { secret: string } {
  const before = hookRow(ctx, id);
  const secret = newSecret();
  ctx.change(
    actor,
    () => ctx.db.prepare('UPDATE webhooks SET secret = ?, updated_at = ? WHERE id = ?').run(secret, ctx.now(), id),
    () => ({ action: 'webhook.rotateSecret', targetKind: 'webhook', targetId: id, summary: `更换 Webhook ${before.url} 的签名密钥`, before: null, after: null }),
  );
  return { secret };
}

export function deleteWebhook(ctx: AdminContext, actor: Actor, id: string): void {
  const before = hookRow(ctx, id);
  ctx.change(
    actor,
    () => {
      ctx.db.prepare('DELETE FROM webhook_outbox WHERE webhook_id = ?').run(id);
      ctx.db.prepare('DELETE FROM webhooks WHERE id = ?').run(id);
    },
    () => ({ action: 'webhook.delete', targetKind: 'webhook', targetId: id, summary: `删除 Webhook ${before.url}`, before: { url: before.url, events: JSON.parse(before.events) }, after: null }),
  );
}

/** The body a receiver gets for one event: no personal data, the same for every subscriber. */
export function webhookBody(hallId: string, seq: number, name: WebhookEventName, e: HallEvent, ticketNumber: string | null): string {
  const data = publicEvent(e);
  return JSON.stringify({
    id: `${hallId}:${seq}`,
    type: name,
    seq,
    at: new Date(e.at).toISOString(),
    hallId,
    ticket: 'ticketId' in e ? { id: e.ticketId, number: ticketNumber } : e.type === 'TicketTaken' ? { id: e.ticket.id, number: e.ticket.number } : null,
    data,
  });
}

/**
 * Turns newly committed ticket events into deliveries for each active webhook that subscribed, reading
 * the event log from the webhooks' cursor (started at the log's end the first time: no history replay).
 */
export function enqueueWebhookEvents(ctx: AdminContext): number {
  const { db } = ctx;
  const hooks = (db.prepare('SELECT id, events FROM webhooks WHERE active = 1').all() as { id: string; events: string }[]).map((h) => ({
    id: h.id,
    events: new Set(JSON.parse(h.events) as string[]),
  }));
  const insert = db.prepare('INSERT OR IGNORE INTO webhook_outbox (webhook_id, seq, event_type, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)');
  const number = db.prepare('SELECT number FROM tickets WHERE id = ?');
  const hallId = ctx.hall.state.catalog.hall.id;
  const now = ctx.now();
  let queued = 0;
  const initial = () => (db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
  // No active webhook: nothing to derive, so the events are passed over unread (a hook made later starts
  // at the log's end then, as a new one always does).
  if (hooks.length === 0) {
    skipEvents(db, 'webhooks', initial);
    return 0;
  }
  drainEvents(
    db,
    'webhooks',
    (batch) => {
      for (const { seq, event } of batch) {
        const name = BY_HALL_EVENT.get(event.type);
        if (!name) continue;
        const subscribers = hooks.filter((h) => h.events.has(name));
        if (subscribers.length === 0) continue;
        const ticketId = 'ticketId' in event ? event.ticketId : null;
        const num = ticketId ? ((number.get(ticketId) as { number: string } | undefined)?.number ?? null) : null;
        const body = webhookBody(hallId, seq, name, event, num);
        for (const h of subscribers) queued += insert.run(h.id, seq, name, body, now, now).changes;
      }
    },
    { types: [...BY_HALL_EVENT.keys()], initial },
  );
  return queued;
}
