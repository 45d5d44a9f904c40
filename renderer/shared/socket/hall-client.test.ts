import { describe, expect, it, vi } from 'vitest';
import { displaySnapshot } from '../testing/fixtures';
import { createHallClient, type SocketLike } from './hall-client';

/** A socket.io socket as far as the client uses it; `server` answers emits. */
class FakeSocket implements SocketLike {
  connected = false;
  active = true;
  handlers = new Map<string, ((...a: any[]) => void)[]>();
  emitted: { event: string; payload: any }[] = [];
  server: (event: string, payload: any) => Promise<any> = async () => ({ ok: true });
  on(event: string, fn: (...a: any[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
  }
  fire(event: string, ...args: any[]) {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
  connect() {
    this.connected = true;
    this.fire('connect');
  }
  disconnect() {
    this.connected = false;
  }
  emitWithAck(_ms: number, event: string, payload: any) {
    this.emitted.push({ event, payload });
    return this.server(event, payload);
  }
}

function setup() {
  const socket = new FakeSocket();
  const client = createHallClient({ token: 'x'.repeat(20), socketFactory: () => socket, ackTimeoutMs: 20, retryMs: 5 });
  const events: number[] = [];
  const states: string[] = [];
  const snapshots: number[] = [];
  const calls: number[] = [];
  client.on('event', (p) => events.push(p.seq));
  client.on('call', (c) => calls.push(c.seq));
  client.on('state', (s) => states.push(s));
  client.on('snapshot', (s) => snapshots.push(s.seq));
  client.connect();
  return { socket, client, events, states, snapshots, calls };
}

const push = (seq: number) => ({ seq, event: { type: 'WindowResumed', at: 0, windowId: 'w01' } });
const call = (seq: number) => ({ ticketId: `t${seq}`, number: 'A001', windowId: 'w01', windowNumber: 1, windowName: '1号窗口', at: 0, recall: false, seq });

describe('hall client', () => {
  it('passes on the status the calendar pushes and the alerts', () => {
    const { socket, client } = setup();
    const statuses: boolean[] = [];
    const alerts: string[] = [];
    client.on('status', (st) => statuses.push(st.issuing));
    client.on('alert', (a) => alerts.push(a.message));
    socket.fire('hall:snapshot', displaySnapshot({ seq: 10 }));
    socket.fire('hall:status', { ...displaySnapshot({ seq: 10 }).status, issuing: false });
    socket.fire('hall:alert', { id: 'A-wait', groupId: 'A', groupName: '个人综合', kind: 'wait', message: 'A 组等候超过 30 分钟，建议增开窗口', waiting: 12, longestWaitMinutes: 31, at: 0, cleared: false });
    expect(statuses).toEqual([false]);
    expect(alerts).toEqual(['A 组等候超过 30 分钟，建议增开窗口']);
  });

  it('goes online with the first snapshot and passes events on in order', () => {
    const { socket, client, events, states } = setup();
    socket.fire('hall:snapshot', displaySnapshot({ seq: 10 }));
    socket.fire('hall:event', push(11));
    socket.fire('hall:event', push(12));
    socket.fire('hall:event', push(12));
    expect(client.state).toBe('online');
    expect(states).toEqual(['online']);
    expect(events).toEqual([11, 12]);
  });

  it('asks for a snapshot on a gap in seq and replays what followed it', async () => {
    const { socket, events, snapshots } = setup();
    let answer!: (v: unknown) => void;
    socket.server = (event) => (event === 'hall:resync' ? new Promise((r) => (answer = r)) : Promise.resolve({ ok: true }));
    socket.fire('hall:snapshot', displaySnapshot({ seq: 10 }));
    socket.fire('hall:event', push(13));
    socket.fire('hall:event', push(14));
    expect(socket.emitted.map((e) => e.event)).toEqual(['hall:resync']);
    answer({ ok: true, snapshot: displaySnapshot({ seq: 13 }) });
    await vi.waitFor(() => expect(snapshots).toEqual([10, 13]));
    expect(events).toEqual([14]);
  });

  it("takes a display's call as the feed's entry for its seq: no gap around it, and the call told once", () => {
    const { socket, events, calls } = setup();
    socket.fire('hall:snapshot', displaySnapshot({ seq: 10 }));
    socket.fire('hall:event', push(11));
    socket.fire('call', call(12));
    socket.fire('hall:event', push(13));
    expect(events).toEqual([11, 13]);
    expect(calls).toEqual([12]);
    expect(socket.emitted).toEqual([]);
  });

  it('asks a display for a snapshot when a call was missed, and tells a call at once even while one is awaited', async () => {
    const { socket, events, snapshots, calls } = setup();
    let answer!: (v: unknown) => void;
    socket.server = (event) => (event === 'hall:resync' ? new Promise((r) => (answer = r)) : Promise.resolve({ ok: true }));
    socket.fire('hall:snapshot', displaySnapshot({ seq: 10 }));
    socket.fire('hall:event', push(11));
    // seq 12 (a call) never arrived.
    socket.fire('hall:event', push(13));
    expect(socket.emitted.map((e) => e.event)).toEqual(['hall:resync']);
    socket.fire('call', call(14));
    socket.fire('hall:event', push(15));
    expect(calls).toEqual([14]);
    answer({ ok: true, snapshot: displaySnapshot({ seq: 13 }) });
    await vi.waitFor(() => expect(snapshots).toEqual([10, 13]));
    // The held call fills 14 (told already, not again), so 15 follows without another resync.
    expect(events).toEqual([11, 15]);
    expect(calls).toEqual([14]);
    expect(socket.emitted.map((e) => e.event)).toEqual(['hall:resync']);
  });

  it('says it is reconnecting when the link drops, and online again with the next snapshot', () => {
    const { socket, client, states } = setup();
    socket.fire('hall:snapshot', displaySnapshot({ seq: 10 }));
    socket.connected = false;
    socket.fire('disconnect', 'transport close');
    expect(client.state).toBe('reconnecting');
    socket.connected = true;
    socket.fire('hall:snapshot', displaySnapshot({ seq: 15 }));
    expect(states).toEqual(['online', 'reconnecting', 'online']);
  });

  it('refuses a command while offline instead of queueing it', async () => {
    const { socket, client } = setup();
    const ack = await client.send('window:callNext', {});
    expect(ack).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(socket.emitted).toEqual([]);
  });

  it('repeats a command that got no answer once, with the same requestId', async () => {
    const { socket, client } = setup();
    socket.fire('hall:snapshot', displaySnapshot({ seq: 1 }));
    let calls = 0;
    socket.server = async () => {
      calls++;
      if (calls === 1) throw new Error('operation has timed out');
      return { ok: true, ticket: null };
    };
    const ack = await client.send('window:callNext', {}, { requestId: 'req-12345678' });
    expect(ack).toEqual({ ok: true, ticket: null });
    expect(socket.emitted.map((e) => e.payload.requestId)).toEqual(['req-12345678', 'req-12345678']);
  });

  it('gives up with TIMEOUT after the second try goes unanswered', async () => {
    const { socket, client } = setup();
    socket.fire('hall:snapshot', displaySnapshot({ seq: 1 }));
    socket.server = async () => {
      throw new Error('operation has timed out');
    };
    const ack = await client.send('window:callNext', {});
    expect(ack).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(socket.emitted).toHaveLength(2);
  });

  it('reconnects by itself after the server disconnected every socket (a restart)', async () => {
    const { socket, client } = setup();
    socket.fire('hall:snapshot', displaySnapshot({ seq: 10 }));
    let connects = 0;
    socket.connect = () => {
      connects++;
      socket.connected = true;
    };
    socket.connected = false;
    socket.active = false;
    socket.fire('disconnect', 'io server disconnect');
    expect(client.state).toBe('reconnecting');
    await vi.waitFor(() => expect(connects).toBe(1));
  });

  it('does not reconnect after the terminal closed the link itself', async () => {
    const { socket, client } = setup();
    socket.fire('hall:snapshot', displaySnapshot({ seq: 10 }));
    let connects = 0;
    socket.connect = () => {
      connects++;
    };
    client.close();
    socket.active = false;
    socket.fire('disconnect', 'io client disconnect');
    await new Promise((r) => setTimeout(r, 20));
    expect(connects).toBe(0);
    expect(client.state).toBe('closed');
  });

  it('reports a refused token as unauthenticated', () => {
    const { socket, client } = setup();
    socket.fire('connect_error', Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } }));
    expect(client.state).toBe('unauthenticated');
  });
});
