import path from 'node:path';
import { catalogFromSeed, loadSeed } from '../catalog/seed';
import { decide, type Decision } from './decide';
import type { HallCommand, HallEvent } from './events';
import { evolve } from './evolve';
import { initialState } from './state';
import type { Catalog, HallState, ScheduleCheck } from './types';

/** The demo hall's catalogue, for domain tests (no database). */
export function demoCatalog(): Catalog {
  return catalogFromSeed(loadSeed(path.resolve(import.meta.dirname, '../../seeds')));
}

/** The demo catalogue with one matter capped (its walk-in share is cap × (1 − appointmentShare)). */
export function cappedCatalog(serviceId: string, dailyCap: number, appointmentShare = 0, catalog: Catalog = demoCatalog()): Catalog {
  const services = new Map(catalog.services);
  services.set(serviceId, { ...services.get(serviceId)!, dailyCap, appointmentShare });
  return { ...catalog, services };
}

/** Drives the pure domain: decide, then evolve on success, with a clock the test moves. */
export class DomainRunner {
  state: HallState;
  now = Date.parse('2026-11-24T01:00:00Z');
  log: HallEvent[] = [];
  private id = 0;

  constructor(
    catalog: Catalog = demoCatalog(),
    public schedule?: ScheduleCheck,
  ) {
    this.state = initialState(catalog);
  }

  run(cmd: HallCommand): Decision {
    const d = decide(this.state, cmd, { now: this.now, newId: () => `t${++this.id}`, schedule: this.schedule });
    if (d.ok) for (const e of d.events) {
      evolve(this.state, e);
      this.log.push(e);
    }
    return d;
  }

  /** Runs a command that must succeed, returning its events. */
  ok(cmd: HallCommand): HallEvent[] {
    const d = this.run(cmd);
    if (!d.ok) throw new Error(`${cmd.type} refused: ${d.error.code} ${d.error.message}`);
    return d.events;
  }

  advance(minutes: number): void {
    this.now += minutes * 60_000;
  }

  open(date = '2026-11-24'): void {
    this.ok({ type: 'day.open', businessDate: date });
  }

  take(serviceIds: string[], extra: Partial<Extract<HallCommand, { type: 'ticket.take' }>> = {}): string {
    const e = this.ok({ type: 'ticket.take', serviceIds, ...extra })[0]!;
    if (e.type !== 'TicketTaken') throw new Error('no ticket');
    return e.ticket.id;
  }

  signIn(windowId: string, staffId = `s-${windowId}`): void {
    this.ok({ type: 'window.signIn', windowId, staffId });
  }

  staffOf(windowId: string): string {
    return this.state.windows.get(windowId)!.staffId!;
  }

  /** Calls next at a window; the called ticket's number, or null. */
  callNext(windowId: string): string | null {
    const e = this.ok({ type: 'window.callNext', windowId, staffId: this.staffOf(windowId) });
    const called = e.find((x) => x.type === 'TicketCalled');
    return called && called.type === 'TicketCalled' ? this.state.tickets.get(called.ticketId)!.number : null;
  }

  current(windowId: string): string {
    return this.state.windows.get(windowId)!.currentTicketId!;
  }

  complete(windowId: string, serviceIds?: string[]): void {
    const id = this.current(windowId);
    const t = this.state.tickets.get(id)!;
    this.ok({ type: 'ticket.complete', windowId, staffId: this.staffOf(windowId), ticketId: id, outcome: 'done', serviceIds: serviceIds ?? t.serviceIds });
  }
}
