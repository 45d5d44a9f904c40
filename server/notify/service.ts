import pino, { type Logger } from 'pino';
import type { NotifyDeadLetter, NotifyStatus } from '../../protocol/admin';
import type { HallKeys } from '../auth/keys';
import type { Ticket } from '../domain/types';
import type { Db } from '../store/database';
import { backoffDelay } from '../sync/schedule';
import { isConfigured, notifyConfigSchema, type NotifyConfig, type NotifyConfigInput } from './config';
import { createHttpGateway } from './http-gateway';
import { NotifyStore, type NotifyRules, type OutboxRow } from './notify-store';
import { SendError, type SmsPort } from './port';

export interface NotifierDeps {
  /** The hall database with NOTIFY_MIGRATIONS applied. */
  db: Db;
  keys: HallKeys;
  config: NotifyConfigInput;
  /** The hall's own switch and threshold (admin settings), read when a message could be due. */
  settings: () => { enabled: boolean; aheadThreshold: number };
  /** Days a 差评's number is kept for the callback (admin settings `retention.callbackDays`); default none. */
  callbackDays?: () => number;
  /** The gateway; default the HTTP adapter from `config`. */
  port?: SmsPort;
  fetch?: typeof fetch;
  /** Real time by default: the backoff is about the gateway, not the hall's business day. */
  clock?: { now(): number };
  logger?: Logger;
  /** Backoff jitter in [0, 1). */
  random?: () => number;
}

/** The notifier: its store takes part in the hall's commits; its sender drains the outbox in the background. */
export interface Notifier {
  readonly store: NotifyStore;
  /** True when a gateway is configured and the hall has notices switched on. */
  active(): boolean;
  /** Days a 差评's number is kept for the callback (0 = not kept): the kiosk's consent line says it. */
  callbackDays(): number;
  /** Keeps a ticket's number, sealed, until it ends (inside the take's transaction). */
  registerContact(ticket: Ticket, phone: string, ahead: number): void;
  start(): void;
  stop(): Promise<void>;
  /** Messages were committed: drain soon rather than at the next poll. */
  nudge(): void;
  /** Sends everything due now, one after another; resolves with how many were sent. */
  drainNow(): Promise<number>;
  status(): NotifyStatus;
}

const BATCH = 20;
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/**
 * Creates the notifier. Commands never wait on the gateway: they only write rows; the sender runs apart,
 * one message at a time, each under the gateway timeout, retried with backoff up to `maxAttempts`, then a
 * dead letter. A gateway that is down or hangs costs the sender time, never the hall.
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const cfg: NotifyConfig = notifyConfigSchema.parse(deps.config);
  const configured = isConfigured(cfg);
  const clock = deps.clock ?? { now: () => Date.now() };
  const log = deps.logger ?? pino({ enabled: false });
  const random = deps.random ?? Math.random;
  const port: SmsPort | null =
    deps.port ?? (configured ? createHttpGateway({ url: cfg.url!, secret: cfg.secret!, timeoutMs: cfg.timeoutMs, fetch: deps.fetch, now: clock.now }) : null);
  const rules = (): NotifyRules | null => {
    if (!port) return null;
    const s = deps.settings();
    return s.enabled ? { aheadThreshold: s.aheadThreshold } : null;
  };
  const store = new NotifyStore(deps.db, deps.keys, rules, deps.callbackDays);
  const db = deps.db;

  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let lastSuccessAt: number | null = null;
  let lastError: { at: number; code: string; message: string } | null = null;

  /** One drain at a time, so the order of a ticket's messages holds. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const p = chain.then(fn, fn);
    chain = p.catch(() => undefined);
    return p;
  }

  async function sendOne(row: OutboxRow): Promise<boolean> {
    const now = clock.now();
    const phone = store.phoneOf(row.ticket_id);
    if (phone === 'gone') {
      store.drop(row.id);
      return false;
    }
    if (phone === 'sealed-elsewhere') {
      store.markFailed(row.id, 'KEY_CHANGED: 号码以其他密钥加密，无法解开（密钥文件已更换）', null, now);
      return false;
    }
    try {
      await port!.send({ id: `yc-${row.id}`, phone, text: row.text });
      store.markSent(row.id, clock.now());
      lastSuccessAt = clock.now();
      return true;
    } catch (e) {
      const err = e instanceof SendError ? e : new SendError('SEND_FAILED', '发送失败');
      const at = clock.now();
      const attempts = row.attempts + 1;
      const dead = err.permanent || attempts >= cfg.maxAttempts;
      const retryAt = dead ? null : at + backoffDelay(attempts, cfg.backoffBaseMs, cfg.backoffCapMs, random);
      store.markFailed(row.id, `${err.code}: ${err.message}`, retryAt, at);
      lastError = { at, code: err.code, message: err.message };
      if (!(e instanceof SendError)) log.error({ err: e, outboxId: row.id }, 'text message failed');
      else if (dead) log.warn({ outboxId: row.id, code: err.code, attempts }, 'text message is a dead letter');
      return false;
    }
  }

  async function drain(): Promise<number> {
    if (!port) return 0;
    let sent = 0;
    for (;;) {
      const rows = store.due(clock.now(), BATCH);
      if (rows.length === 0) return sent;
      for (const row of rows) if (await sendOne(row)) sent++;
      if (!running && rows.length < BATCH) return sent;
    }
  }

  function schedule(ms: number): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(loop, ms);
    timer.unref();
  }

  function loop(): void {
    timer = null;
    void exclusive(drain)
      .catch((err) => log.error({ err }, 'notifier drain failed'))
      .finally(() => schedule(cfg.pollMs));
  }

  return {
    store,
    active: () => rules() !== null,
    callbackDays: () => deps.callbackDays?.() ?? 0,
    registerContact(ticket, phone, ahead) {
      store.registerContact(ticket, phone, ahead, clock.now());
    },
    start() {
      if (!port || running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
    },
    nudge() {
      if (running) schedule(0);
    },
    drainNow: () => exclusive(drain),
    status(): NotifyStatus {
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const dead = db
        .prepare('SELECT id, ticket_number, kind, text, attempts, last_error, dead_at FROM notify_outbox WHERE dead_at IS NOT NULL ORDER BY dead_at DESC, id DESC LIMIT 20')
        .all() as { id: number; ticket_number: string; kind: 'near' | 'call'; text: string; attempts: number; last_error: string | null; dead_at: number }[];
      const recentDeadLetters: NotifyDeadLetter[] = dead.map((r) => ({
        id: r.id,
        ticketNumber: r.ticket_number,
        kind: r.kind,
        text: r.text,
        attempts: r.attempts,
        lastError: r.last_error,
        deadAt: iso(r.dead_at)!,
      }));
      const next = db.prepare('SELECT MIN(next_attempt_at) AS at FROM notify_outbox WHERE sent_at IS NULL AND dead_at IS NULL').get() as { at: number | null };
      return {
        configured: port !== null,
        enabled: rules() !== null,
        adapter: port?.name ?? 'none',
        contacts: count('SELECT COUNT(*) AS n FROM notify_contacts WHERE awaiting_rating = 0'),
        backlog: count('SELECT COUNT(*) AS n FROM notify_outbox WHERE sent_at IS NULL AND dead_at IS NULL'),
        sent: count('SELECT COUNT(*) AS n FROM notify_outbox WHERE sent_at IS NOT NULL'),
        deadLetters: count('SELECT COUNT(*) AS n FROM notify_outbox WHERE dead_at IS NOT NULL'),
        lastSuccessAt: iso(lastSuccessAt),
        lastError: lastError ? { at: iso(lastError.at)!, code: lastError.code, message: lastError.message } : null,
        nextAttemptAt: iso(next.at),
        recentDeadLetters,
      };
    },
  };
}
