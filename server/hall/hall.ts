import { randomBytes } from 'node:crypto';
import { refused, type ErrorBody } from '../../protocol/errors';
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
   * Runs one command. With a requestId, a repeat returns the first answer and does nothing twice.
   * `respond` builds the answer from the rows as the command leaves them (inside the transaction).
   */
  execute<R>(
    actor: string,
    command: HallCommand,
    requestId: string | null,
    respond: (projected: Projected, events: HallEvent[]) => R,
  ): ExecuteResult<R> {
    if (requestId) {
      const prior = this.store.findRequest(requestId);
      if (prior) {
        if (prior.actor !== actor) return refused('BAD_REQUEST', 'requestId 已被其他终端使用');
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
      requestId ? { requestId, actor, command: command.type, respond: (p) => respond(p, events) } : undefined,
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
