import { syncFailure } from '../../protocol/district-errors';
import type { Database } from 'better-sqlite3';
import pino, { type Logger } from 'pino';
import {
  BatchRefusedError,
  type AdapterContext,
  type BatchOutcome,
  type CaseExchangeAdapter,
  type EncodedRequest,
  type OutgoingBatch,
  type ReceivedResponse,
} from './adapter';
import { isConfigured, syncConfigSchema, type SyncConfig, type SyncConfigInput } from './config';
import { createDefaultAdapter } from './default-adapter';
import { backoffDelay, decideSend } from './schedule';
import { createSyncStore, type DeadLetter } from './sync-store';

/** What the sync service needs; everything but the database and configuration has a default. */
export interface SyncServiceDeps {
  /** The hall database, with the core migrations and SYNC_MIGRATIONS applied. */
  db: Database;
  config: SyncConfigInput;
  adapter?: CaseExchangeAdapter;
  clock?: { now(): number };
  logger?: Logger;
  fetch?: typeof fetch;
  /** Source of the backoff jitter, in [0, 1). */
  random?: () => number;
}

import type { SyncStatus } from '../../protocol/admin';
export type { SyncStatus };

/** What one `flushNow()` did. */
export interface FlushResult {
  batches: number;
  accepted: number;
  rejected: number;
  error: { code: string; message: string } | null;
}

/** The hall-side sender. */
export interface SyncService {
  /** Starts sending in the background (a no-op when not configured). */
  start(): void;
  /** Stops; resolves once an in-flight send has finished and been recorded. */
  stop(): Promise<void>;
  /** Hint that outbox rows were committed, so a full batch need not wait for the next poll. */
  notify(): void;
  /** Sends everything now, ignoring N, T and the backoff; stops at the first failure. */
  flushNow(): Promise<FlushResult>;
  status(): SyncStatus;
  /** The most recent dead letters, newest first. */
  deadLetters(limit?: number): DeadLetter[];
  /** Puts dead letters (all, or those named by outbox id) back into the outbox; returns how many. */
  requeueDeadLetters(outboxIds?: number[]): number;
}

type SendResult =
  | { kind: 'empty' }
  | { kind: 'sent'; accepted: number; rejected: number }
  | { kind: 'failed'; code: string; message: string };

/** A request on its way for a batch pinned to go next. */
interface Launched {
  batch: OutgoingBatch;
  response: Promise<ReceivedResponse>;
}

/** True when the answer names every record of the batch, accepted or rejected. */
function namesEvery(batch: OutgoingBatch, outcome: BatchOutcome): boolean {
  const named = new Set(outcome.accepted);
  for (const r of outcome.rejected) named.add(r.seq);
  return batch.records.every((r) => named.has(r.seq));
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Why a request produced no usable answer, in words fit for the admin console. */
function describeFailure(e: unknown): { code: string; message: string } {
  if (e instanceof BatchRefusedError) return { code: e.code, message: e.message };
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return syncFailure('TIMEOUT');
  // fetch reports refused, reset and cut-off connections as a TypeError with the socket error as cause.
  if (err?.name === 'TypeError') {
    const cause = err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
    return syncFailure('NETWORK', cause);
  }
  return syncFailure('SEND_FAILED', err?.message ?? String(e));
}

/**
 * Creates the sender: ships the outbox to the district in order, one batch at a time, and removes only
 * what the receiver confirmed. All progress is in the database, so a crash at any point resumes with
 * the same batch (same id) and loses or repeats nothing the receiver would count twice.
 */
export function createSyncService(deps: SyncServiceDeps): SyncService {
  const cfg: SyncConfig = syncConfigSchema.parse(deps.config);
  const adapter = deps.adapter ?? createDefaultAdapter();
  const clock = deps.clock ?? { now: () => Date.now() };
  const log = deps.logger ?? pino({ enabled: false });
  const doFetch = deps.fetch ?? fetch;
  const random = deps.random ?? Math.random;
  const store = createSyncStore(deps.db);

  let running = false;
  let sending = false;
  let timer: NodeJS.Timeout | null = null;
  // Batches shrink after a 413 and, after a run of successes at the smaller size, grow back step by
  // step: a receiver with a lower limit than ours is not asked to refuse every other batch.
  let limit = cfg.batchSize;
  let successesSinceShrink = 0;
  let chain: Promise<unknown> = Promise.resolve();
  // The batch the last settle already pinned (and counted), sent next without a transaction of its own.
  let prefetched: OutgoingBatch | null = null;
  // A request already on its way for the batch pinned next, sent the moment the one before was answered.
  let launched: Launched | null = null;

  /** Runs sends one at a time: the loop and flushNow never overlap, so order holds. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const p = chain.then(fn, fn);
    chain = p.catch(() => undefined);
    return p;
  }

  async function request(req: EncodedRequest): Promise<ReceivedResponse> {
    const signal = AbortSignal.timeout(cfg.timeoutMs);
    const res = await doFetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal });
    // Reading the body is under the same deadline: a receiver that stalls mid-answer is a timeout too.
    const body = new Uint8Array(await res.arrayBuffer());
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    return { status: res.status, headers, body };
  }

  function recordFailure(batch: Parameters<typeof store.fail>[0], { code, message }: { code: string; message: string }): SendResult {
    const at = clock.now();
    const failures = store.state().failures + 1;
    const next = at + backoffDelay(failures, cfg.backoffBaseMs, cfg.backoffCapMs, random);
    store.fail(batch, code, message, at, next);
    log.warn({ code, message, failures, retryInMs: next - at, batchId: batch?.batchId }, 'sync: batch not delivered');
    return { kind: 'failed', code, message };
  }

  async function sendOne(): Promise<SendResult> {
    if (!isConfigured(cfg)) return { kind: 'empty' };
    const at = clock.now();
    const pinnedId = store.pinned()?.batchId;
    const early = launched !== null && pinnedId === launched.batch.batchId ? launched : null;
    const ready = prefetched !== null && pinnedId === prefetched.batchId ? prefetched : null;
    launched = null;
    prefetched = null;
    const batch = early?.batch ?? ready ?? store.takeBatch(cfg.hallId, limit, at);
    if (!batch) return { kind: 'empty' };
    const ctx = { url: cfg.url, hallId: cfg.hallId, key: cfg.key, now: at };
    let inFlight: Promise<ReceivedResponse>;
    if (early) {
      inFlight = early.response;
    } else {
      let req: EncodedRequest;
      try {
        // Usually done already, while the batch before was in flight.
        await adapter.prepare?.(batch, ctx);
        req = adapter.encode(batch, { ...ctx, now: clock.now() });
      } catch (e) {
        return recordFailure(batch, syncFailure('ENCODE_FAILED', (e as Error).message ?? String(e)));
      }
      inFlight = request(req);
    }
    sending = true;
    let outcome: BatchOutcome;
    // While the receiver works on this batch, the next one is read, checked, compressed and pinned to go
    // next (composeNext): nothing of it goes before this one is answered, so one batch is in flight at a
    // time and the order holds.
    const upcoming = new Promise<OutgoingBatch | null>((resolve) => setImmediate(() => resolve(composeNext(batch, ctx))));
    try {
      outcome = adapter.decode(await inFlight, batch);
    } catch (e) {
      if (e instanceof BatchRefusedError && e.tooLarge) return shrink(batch, e);
      const f = describeFailure(e);
      return recordFailure(batch, f);
    } finally {
      sending = false;
    }
    const prepared = await upcoming;
    // Every record answered and the next batch already pinned: it goes now, and this answer is settled
    // while it is in flight, instead of the settling's commit standing between the two.
    if (prepared && namesEvery(batch, outcome) && store.pinnedNext() === prepared.batchId) launched = await launch(prepared, ctx);
    // A database error here propagates: the batch stays pinned and its resend settles it (a request
    // launched meanwhile is then dropped, like a lost answer: its batch goes again under its id).
    const r = store.settle(batch, outcome, clock.now(), { hallId: cfg.hallId, limit, prepared });
    if (launched && r.next?.batchId !== launched.batch.batchId) launched = null;
    sending = launched !== null;
    prefetched = r.next;
    log.info({ batchId: batch.batchId, accepted: r.accepted, rejected: r.rejected, unanswered: r.unanswered }, 'sync: batch delivered');
    if (r.accepted + r.rejected === 0) {
      return recordFailure(null, syncFailure('NO_RECORD_ANSWERED'));
    }
    grow();
    return { kind: 'sent', accepted: r.accepted, rejected: r.rejected };
  }

  /** Sends the batch pinned to go next; the next sendOne takes up its answer. */
  async function launch(next: OutgoingBatch, ctx: AdapterContext): Promise<Launched | null> {
    try {
      await adapter.prepare?.(next, ctx);
      const response = request(adapter.encode(next, { ...ctx, now: clock.now() }));
      // Read by the next sendOne; if that never comes (stopped), the batch is still pinned and goes again.
      response.catch(() => undefined);
      // Its bytes leave before the settling's commit holds the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      return { batch: next, response };
    } catch {
      // Encoding failed: the ordinary path sends it and records why.
      return null;
    }
  }

  /** The full batch after `batch`, composed and its body started, or null (see store.compose). */
  function composeNext(batch: OutgoingBatch, ctx: AdapterContext): OutgoingBatch | null {
    const last = batch.records.at(-1);
    if (!last || limit !== batch.records.length) return null;
    try {
      const next = store.compose(ctx.hallId, last.seq, limit);
      if (!next) return null;
      void adapter.prepare?.(next, ctx);
      // Pinned before any byte of it goes (one commit, while the receiver works); false when `batch` is
      // no longer the pinned one, e.g. it was split after a 413.
      return store.pinNext(batch, next, clock.now()) ? next : null;
    } catch (e) {
      // Only a head start: settling composes the batch itself.
      log.warn({ err: e }, 'sync: could not compose the next batch ahead');
      return null;
    }
  }

  function grow(): void {
    if (limit >= cfg.batchSize) return;
    successesSinceShrink++;
    if (successesSinceShrink >= 20) {
      limit = Math.min(cfg.batchSize, limit * 2);
      successesSinceShrink = 0;
    }
  }

  /** 413: halve the batch; a single record too large to ever go is kept aside instead of blocking. */
  function shrink(batch: OutgoingBatch, e: BatchRefusedError): SendResult {
    const first = batch.records[0];
    if (batch.records.length <= 1 && first) {
      store.deadLetterOne(first.seq, 'BATCH_TOO_LARGE', e.message, batch.batchId, clock.now());
      log.warn({ seq: first.seq }, 'sync: record too large for the receiver, kept aside');
      return { kind: 'sent', accepted: 0, rejected: 1 };
    }
    store.unpin(batch);
    limit = Math.max(1, Math.floor(batch.records.length / 2));
    successesSinceShrink = 0;
    log.warn({ batchId: batch.batchId, nextLimit: limit }, 'sync: batch too large, splitting');
    return { kind: 'sent', accepted: 0, rejected: 0 };
  }

  async function drain(): Promise<number> {
    for (;;) {
      if (!running) return cfg.pollMs;
      const oldest = store.oldest();
      const d = decideSend({
        now: clock.now(),
        backlog: store.backlogUpTo(limit),
        oldestCreatedAt: oldest?.createdAt ?? null,
        pinned: store.pinned() !== null,
        nextAttemptAt: store.state().nextAttemptAt,
        batchSize: limit,
        intervalMs: cfg.intervalMs,
        pollMs: cfg.pollMs,
      });
      if (!d.send) return d.waitMs;
      const r = await sendOne();
      if (r.kind === 'empty') return cfg.pollMs;
    }
  }

  function arm(ms: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void loop(), Math.max(0, ms));
    // The hall server's HTTP listener keeps the process alive; the sender alone must not.
    timer.unref();
  }

  async function loop(): Promise<void> {
    timer = null;
    if (!running) return;
    let wait = cfg.pollMs;
    try {
      wait = await exclusive(drain);
    } catch (e) {
      log.error({ err: e }, 'sync: unexpected failure in the send loop');
    }
    if (running && timer === null) arm(wait);
  }

  function notify(): void {
    if (running && timer !== null) arm(0);
  }

  return {
    start() {
      if (running || !isConfigured(cfg)) return;
      running = true;
      arm(0);
    },

    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
      // Still pinned in the database: a later start finds it there.
      prefetched = null;
      launched = null;
    },

    notify,

    flushNow() {
      return exclusive(async (): Promise<FlushResult> => {
        const result: FlushResult = { batches: 0, accepted: 0, rejected: 0, error: null };
        if (!isConfigured(cfg)) {
          result.error = syncFailure('NOT_CONFIGURED');
          return result;
        }
        for (;;) {
          const r = await sendOne();
          if (r.kind === 'empty') return result;
          if (r.kind === 'failed') {
            result.error = { code: r.code, message: r.message };
            return result;
          }
          result.batches++;
          result.accepted += r.accepted;
          result.rejected += r.rejected;
        }
      });
    },

    status(): SyncStatus {
      const s = store.state();
      const pin = store.pinned();
      return {
        configured: isConfigured(cfg),
        adapter: adapter.name,
        backlog: store.backlog(),
        deadLetters: store.deadLetterCount(),
        lastSuccessAt: iso(s.lastSuccessAt),
        lastAttemptAt: iso(s.lastAttemptAt),
        lastError: s.lastError ? { ...s.lastError, at: iso(s.lastError.at) ?? '' } : null,
        consecutiveFailures: s.failures,
        nextAttemptAt: iso(s.nextAttemptAt),
        inFlight: pin
          ? { batchId: pin.batchId, records: pin.records, attempts: pin.attempts, since: iso(pin.createdAt) ?? '', sending }
          : null,
      };
    },

    deadLetters(limit = 100) {
      return store.deadLetters(Math.max(1, Math.min(1000, Math.floor(limit))));
    },

    requeueDeadLetters(outboxIds?: number[]) {
      const n = store.requeueDead(outboxIds ?? null, clock.now());
      if (n > 0) notify();
      return n;
    },
  };
}
