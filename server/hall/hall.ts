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

/**
 * The hall at run time: the in-memory state, kept in step with the store. One command at a time
 * (Node runs them one after another): decide on the state, commit events and answer in one transaction,
 * then apply the events to memory and tell the listeners (broadcasts, printing, sync) — in that order.
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
    if (committed.length > 0) for (const l of this.listeners) l(committed);
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
