import type { CommandName } from '../../../protocol/commands';
import type { Snapshot } from '../../../protocol/views';
import type { CommandAck, ConnectionState, HallClient, HallClientEvents } from '../socket/hall-client';

/**
 * A HallClient for store and component tests: records the commands, answers them with `answer`,
 * and lets the test push what the server would.
 */
export class FakeHallClient implements HallClient {
  state: ConnectionState = 'connecting';
  sent: { name: string; payload: Record<string, unknown>; requestId: string | undefined }[] = [];
  answer: (name: string, payload: Record<string, unknown>) => CommandAck | Promise<CommandAck> = () => ({ ok: true });
  resyncs = 0;
  private listeners = new Map<string, Set<(...a: any[]) => void>>();

  on<E extends keyof HallClientEvents>(event: E, fn: HallClientEvents[E]): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(fn as never);
    this.listeners.set(event, set);
    return () => set.delete(fn as never);
  }

  push<E extends keyof HallClientEvents>(event: E, ...args: Parameters<HallClientEvents[E]>): void {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
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

  async send(name: CommandName, payload: object, opts?: { requestId?: string }): Promise<CommandAck> {
    if (this.state !== 'online') return { ok: false, error: { code: 'OFFLINE', message: 'offline' } };
    this.sent.push({ name, payload: payload as Record<string, unknown>, requestId: opts?.requestId });
    return this.answer(name, payload as Record<string, unknown>);
  }

  async resync(): Promise<void> {
    this.resyncs++;
  }
}
