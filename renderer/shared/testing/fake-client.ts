import type { CommandName, CommandPayload } from '../../../protocol/commands';
import type { Snapshot } from '../../../protocol/views';
import type { CommandAck, ConnectionState, HallClient, HallClientEvents } from '../socket/hall-client';

/** What a test wants a store to see for a command: partial views are fine (a test names what it checks). */
export type CannedAnswer = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };

type Listeners = { [E in keyof HallClientEvents]: Set<HallClientEvents[E]> };

/**
 * A HallClient for store and component tests: records the commands, answers them with `answer`,
 * and lets the test push what the server would.
 */
export class FakeHallClient implements HallClient {
  state: ConnectionState = 'connecting';
  sent: { name: string; payload: Record<string, unknown>; requestId: string | undefined }[] = [];
  answer: (name: CommandName, payload: Record<string, unknown>) => CannedAnswer | Promise<CannedAnswer> = () => ({ ok: true });
  resyncs = 0;
  private listeners: Listeners = {
    state: new Set(),
    snapshot: new Set(),
    event: new Set(),
    call: new Set(),
    windowUpdate: new Set(),
    pending: new Set(),
    counts: new Set(),
    status: new Set(),
    alert: new Set(),
    elsewhere: new Set(),
  };

  on<E extends keyof HallClientEvents>(event: E, fn: HallClientEvents[E]): () => void {
    const set: Set<HallClientEvents[E]> = this.listeners[event];
    set.add(fn);
    return () => set.delete(fn);
  }

  push<E extends keyof HallClientEvents>(event: E, ...args: Parameters<HallClientEvents[E]>): void {
    for (const fn of this.listeners[event]) (fn as (...a: Parameters<HallClientEvents[E]>) => void)(...args);
  }

  /** Goes online with a snapshot, as the server does on connect. */
  online(snapshot: Snapshot): void {
    this.push('snapshot', snapshot);
    this.setState('online');
  }

  setState(s: ConnectionState): void {
    this.state = s;
    this.push('state', s);
  }

  connect(): void {}
  close(): void {
    this.setState('closed');
  }

  async send<C extends CommandName>(name: C, payload: Omit<CommandPayload<C>, 'requestId'>, opts?: { requestId?: string }): Promise<CommandAck<C>> {
    if (this.state !== 'online') return { ok: false, error: { code: 'OFFLINE', message: 'offline' } };
    const fields: Record<string, unknown> = { ...payload };
    this.sent.push({ name, payload: fields, requestId: opts?.requestId });
    const canned = await this.answer(name, fields);
    return cannedAs<C>(canned.ok ? { seq: 0, ...canned } : canned);
  }

  async resync(): Promise<void> {
    this.resyncs++;
  }
}

/** The one place a canned answer is taken for the command's answer type: the test stands in for the server. */
function cannedAs<C extends CommandName>(canned: CannedAnswer): CommandAck<C> {
  return canned as CommandAck<C>;
}
