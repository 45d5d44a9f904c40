import { createHash, randomBytes } from 'node:crypto';
import { refusal, type ErrorBody } from '../../protocol/errors';
import { decide } from '../domain/decide';
import type { HallCommand, HallEvent } from '../domain/events';
import { evolve } from '../domain/evolve';
import { replaceCatalog } from '../domain/state';
import type { Catalog, HallState, ScheduleCheck, Ticket } from '../domain/types';
import type { HallStore, Projected } from '../store/hall-store';

/** Time as the hall sees it; tests pass a fake. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** Ticket ids go into public URLs (the QR code): 72 random bits, URL-safe. */
export function newTicketId(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * A request's identity: its id, bound to the command it was first given for. `command` is the domain
 * command's type; `payloadHash` a hash of what was asked (the wire payload without its requestId).
 */
export interface RequestKey {
  id: string;
  payloadHash: string;
}

/** JSON with object keys sorted at every depth, so equal payloads hash equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The key of a request: its id and the SHA-256 of its payload (the requestId field itself left out). */
export function requestKey(id: string, payload: object): RequestKey {
  const { requestId: _ignored, ...rest } = payload as { requestId?: unknown };
  return { id, payloadHash: createHash('sha256').update(canonical(rest)).digest('hex') };
}

/**
 * Whether a recorded request is the same as this one: the same actor, command and payload. A different one
 * under the same id is refused, never answered with the first command's result.
 */
export function sameRequest(prior: { actor: string; command: string; payloadHash: string | null }, actor: string, command: string, payloadHash: string): ErrorBody | null {
  if (prior.actor !== actor) return refusal('REQUEST_ID_REUSED', 'requestId 已被其他终端使用');
  if (prior.command !== command) return refusal('REQUEST_ID_REUSED', `requestId 已用于其他命令（${prior.command}）`);
  if (prior.payloadHash !== null && prior.payloadHash !== payloadHash) return refusal('REQUEST_ID_REUSED', 'requestId 已用于内容不同的请求');
  return null;
}

export interface Committed {
  seq: number;
  event: HallEvent;
}

export type ExecuteResult<R> =
  | { ok: true; response: R; committed: Committed[]; replayed: boolean }
  | { ok: false; error: ErrorBody };

/** How a submitted command ended: its result, or the exception that stopped it (or its whole group). */
export type Settled<R> = { result: ExecuteResult<R> } | { thrown: unknown };

interface Submitted {
  actor: string;
  command: HallCommand;
  request: RequestKey | null;
  respond: (projected: Projected, events: HallEvent[]) => unknown;
  done: (settled: Settled<unknown>) => void;
}

/** The most commands one group commit holds; more wait for the next turn of the event loop. */
export const GROUP_COMMIT_MAX = 128;

/**
 * The hall at run time: the in-memory state, kept in step with the store. One command at a time
 * (Node runs them one after another): decide on the state, commit events and answer, then apply the
 * events to memory, and once on disk tell the listeners (broadcasts, printing, sync) — in that order. A
 * command runs alone in its transaction (`execute`) or with the others of its turn of the event loop in
 * one (`submit`, group commit).
 */
export class Hall {
  state: HallState;
  private readonly listeners: ((committed: Committed[]) => void)[] = [];
  private readonly catalogListeners: (() => void)[] = [];

  constructor(
    readonly store: HallStore,
    catalog: Catalog,
    readonly clock: Clock,
    private schedule?: ScheduleCheck,
    private readonly newId: () => string = newTicketId,
  ) {
    this.state = store.loadState(catalog);
  }

  /** Commands submitted this turn of the event loop, committed together at the next (`submit`). */
  private submitted: Submitted[] = [];
  private flushQueued = false;
  /** Schedules the group commit (setImmediate; tests may run it themselves). */
  defer: (fn: () => void) => void = (fn) => void setImmediate(fn);

  get seq(): number {
    return this.store.lastSeq();
  }

  setSchedule(schedule: ScheduleCheck | undefined): void {
    this.schedule = schedule;
  }

  onCommitted(listener: (committed: Committed[]) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Runs one command. With a request key, a repeat (same actor, command and payload) returns the first
   * answer and does nothing twice; the same id for anything else is refused (REQUEST_ID_REUSED).
   * `respond` builds the answer from the rows as the command leaves them (inside the transaction).
   */
  execute<R>(
    actor: string,
    command: HallCommand,
    request: RequestKey | null,
    respond: (projected: Projected, events: HallEvent[]) => R,
  ): ExecuteResult<R> {
    const result = this.run(actor, command, request, respond);
    if (result.ok && result.committed.length > 0) for (const l of this.listeners) l(result.committed);
    return result;
  }

  /**
   * Runs a command together with the others submitted in the same turn of the event loop: one transaction
   * and one flush to disk for the group (group commit), each command its own savepoint, in the order they
   * came. `done` is called for each after the group is on disk (never before: an answer is only given for
   * what a power cut cannot take back), after the listeners have heard of it. A command that throws is
   * rolled back alone; a group that cannot commit leaves nothing written, memory is rebuilt from the
   * store, and every command in it is told the error. The terminals' commands come this way (a kiosk
   * rush shares one flush); the admin's HTTP commands and the scheduler use `execute`.
   */
  submit<R>(actor: string, command: HallCommand, request: RequestKey | null, respond: (projected: Projected, events: HallEvent[]) => R, done: (settled: Settled<R>) => void): void {
    // `done` is only ever called with what `respond` built: the widening to unknown is undone there.
    this.submitted.push({ actor, command, request, respond, done: done as (settled: Settled<unknown>) => void });
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.defer(() => this.flush());
  }

  /** Commits the submitted commands as one group; see `submit`. */
  flush(): void {
    this.flushQueued = false;
    const items = this.submitted.splice(0, GROUP_COMMIT_MAX);
    if (this.submitted.length > 0) {
      this.flushQueued = true;
      this.defer(() => this.flush());
    }
    if (items.length === 0) return;
    const settled: Settled<unknown>[] = [];
    try {
      this.store.group(() => {
        for (const it of items) {
          try {
            settled.push({ result: this.run(it.actor, it.command, it.request, it.respond) });
          } catch (thrown) {
            // SQLite itself ended the transaction (a full disk, an I/O error): nothing of the group stands.
            if (!this.store.db.inTransaction) throw thrown;
            // Its savepoint is rolled back and memory was not touched: the others go on.
            settled.push({ thrown });
          }
        }
      }, this.clock.now());
    } catch (thrown) {
      // Nothing of the group is on disk: memory goes back to what the disk holds, and each command hears.
      try {
        this.state = this.store.loadState(this.state.catalog);
      } finally {
        for (const it of items) it.done({ thrown });
      }
      return;
    }
    items.forEach((it, i) => {
      const s = settled[i]!;
      try {
        if ('result' in s && s.result.ok && s.result.committed.length > 0) for (const l of this.listeners) l(s.result.committed);
      } catch (thrown) {
        // As with `execute`: the command is on disk, but what follows it failed; its terminal hears so.
        it.done({ thrown });
        return;
      }
      it.done(s);
    });
  }

  /** One command, without telling the listeners: decide, commit (or the repeat's first answer), apply. */
  private run<R>(actor: string, command: HallCommand, request: RequestKey | null, respond: (projected: Projected, events: HallEvent[]) => R): ExecuteResult<R> {
    const requestId = request?.id ?? null;
    if (request) {
      const prior = this.store.findRequest(request.id);
      if (prior) {
        const other = sameRequest(prior, actor, command.type, request.payloadHash);
        if (other) return { ok: false, error: other };
        return { ok: true, response: prior.response as R, committed: [], replayed: true };
      }
    }
    const now = this.clock.now();
    const decision = decide(this.state, command, { now, newId: this.newId, schedule: this.schedule });
    if (!decision.ok) return { ok: false, error: decision.error };
    const { events } = decision;
    const { seqs, response } = this.store.commit(
      this.state,
      events,
      actor,
      request ? { requestId: request.id, actor, command: command.type, payloadHash: request.payloadHash, respond: (p) => respond(p, events) } : undefined,
      now,
    );
    // Memory only after the commit. Opening another date reads that date back from the store, as a
    // restart does: a date the hall goes back to (a forced way back from a wrong day) keeps its numbers.
    const date = this.state.businessDate;
    for (const e of events) evolve(this.state, e);
    if (this.state.businessDate !== date) this.state = this.store.loadState(this.state.catalog);
    const committed = events.map((event, i) => ({ seq: seqs[i]!, event }));
    const answer = requestId ? (response as R) : respond({ tickets: new Map(), windows: new Map(), seqs }, events);
    return { ok: true, response: answer, committed, replayed: false };
  }

  /**
   * Events about a ticket of an earlier business day, which memory no longer holds (a default rating
   * after N days): committed like any event, memory left as it is, listeners told as usual.
   */
  recordForPastTicket(actor: string, ticket: Ticket, events: HallEvent[]): Committed[] {
    const view: HallState = { ...this.state, tickets: new Map([[ticket.id, ticket]]) };
    const { seqs } = this.store.commit(view, events, actor, undefined, this.clock.now());
    const committed = events.map((event, i) => ({ seq: seqs[i]!, event }));
    for (const l of this.listeners) l(committed);
    return committed;
  }

  /** Told after an admin changed the catalogue (the terminals are sent what they show afresh). */
  onCatalogReplaced(listener: () => void): void {
    this.catalogListeners.push(listener);
  }

  /** An admin changed the catalogue: the domain sees the new one from the next command, terminals at once. */
  replaceCatalog(catalog: Catalog): void {
    replaceCatalog(this.state, catalog);
    for (const l of this.catalogListeners) l();
  }
}
