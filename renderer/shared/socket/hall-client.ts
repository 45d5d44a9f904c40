import { io } from 'socket.io-client';
import type { CommandAnswer } from '../../../protocol/answers';
import type { CommandName, CommandPayload } from '../../../protocol/commands';
import type { CallPush, CountsPush, HallEventPush, ServerToClientEvents, WindowElsewherePush, WindowUpdatePush } from '../../../protocol/pushes';
import type { HallAlert, HallStatusView, PendingEvaluation, Snapshot } from '../../../protocol/views';
import { CLIENT_ERRORS, type ClientErrorCode } from '../i18n';
import { newRequestId } from './request-id';
import { SeqSync } from './seq-sync';

/**
 * The socket module: the one place in a terminal that talks to the hall server over socket.io. Stores
 * subscribe to what it receives and call `send` to give commands; components never see the socket.
 *
 * It keeps the events in order (a gap in `seq` asks for a fresh snapshot), reports the connection's
 * state, refuses commands while offline instead of queueing them, and repeats a command that timed out
 * once, with the same requestId, so the server answers it without doing it twice.
 */

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'unauthenticated' | 'closed';

/** The terminal's own refusal of a command it could not deliver or got no answer to (see CLIENT_ERRORS). */
export interface ClientRefusal {
  ok: false;
  error: { code: ClientErrorCode; message: string };
}

/** A command's answer as the protocol types it (`CommandResults`), or the terminal's own refusal. */
export type CommandAck<C extends CommandName = CommandName> = CommandAnswer<C> | ClientRefusal;

export type { CallPush, WindowUpdatePush };

/** What a store can subscribe to. Events come in order, once each. */
export interface HallClientEvents {
  state: (state: ConnectionState) => void;
  snapshot: (snapshot: Snapshot) => void;
  event: (push: HallEventPush) => void;
  call: (call: CallPush) => void;
  windowUpdate: (update: WindowUpdatePush) => void;
  pending: (pending: PendingEvaluation | null) => void;
  counts: (counts: CountsPush) => void;
  /** The calendar's answer changed with the clock (opening, cut-off, closing). */
  status: (status: HallStatusView) => void;
  /** A queue group waits too long (console and clerks of windows that could help). */
  alert: (alert: HallAlert) => void;
  /** The clerk's window is driven from another PC (in use there, or taken over from here). */
  elsewhere: (push: WindowElsewherePush) => void;
}

/** A command's payload as it goes out: the caller's fields and the requestId this module adds. */
export type WirePayload<C extends CommandName> = Omit<CommandPayload<C>, 'requestId'> & { requestId: string };

/** What a socket tells this module: the protocol's pushes and socket.io's own connection events. */
export type SocketListeners = ServerToClientEvents & {
  disconnect: (reason: string) => void;
  connect_error: (err: Error & { data?: { code?: string } }) => void;
};

/**
 * The part of a socket.io client socket this module uses, typed with the protocol; tests hand in a fake.
 * `emitWithAck` resolves with the command's answer, or rejects when none came within `ms`.
 */
export interface SocketLike {
  readonly connected: boolean;
  readonly active: boolean;
  on<E extends keyof SocketListeners>(event: E, fn: SocketListeners[E]): unknown;
  connect(): unknown;
  disconnect(): unknown;
  emitWithAck<C extends CommandName>(ms: number, name: C, payload: WirePayload<C>): Promise<CommandAnswer<C>>;
}

export interface HallClientOptions {
  token: string;
  /** The hall server's origin; absent = the page's own. */
  url?: string;
  /** Milliseconds to wait for an ack before trying once more. */
  ackTimeoutMs?: number;
  /** Milliseconds before trying again where socket.io itself stops trying. */
  retryMs?: number;
  /** Builds the socket; tests pass a fake. */
  socketFactory?: (url: string | undefined, token: string) => SocketLike;
}

export interface HallClient {
  readonly state: ConnectionState;
  on<E extends keyof HallClientEvents>(event: E, fn: HallClientEvents[E]): () => void;
  connect(): void;
  close(): void;
  /** Gives a command and resolves with its ack, or with OFFLINE / TIMEOUT; never rejects. */
  send<C extends CommandName>(name: C, payload: Omit<CommandPayload<C>, 'requestId'>, opts?: { requestId?: string }): Promise<CommandAck<C>>;
  /** Asks for a fresh snapshot now. */
  resync(): Promise<void>;
}

/**
 * socket.io's client, seen through `SocketLike`. socket.io types its events per concrete name and cannot
 * resolve them for a name that is a type parameter (as `send<C>` has), so the socket stays socket.io's
 * plain one here and `SocketLike` carries the protocol's types: the events' names, payloads and answers
 * are checked where the module uses them.
 */
function defaultSocket(url: string | undefined, token: string): SocketLike {
  const opts = { auth: { token }, autoConnect: false, reconnectionDelay: 500, reconnectionDelayMax: 3000 };
  const socket = url ? io(url, opts) : io(opts);
  return {
    get connected() {
      return socket.connected;
    },
    get active() {
      return socket.active;
    },
    // The one place the plain socket meets the protocol's listener types (see above).
    on: (event, fn) => socket.on(event as string, fn as (...args: unknown[]) => void),
    connect: () => socket.connect(),
    disconnect: () => socket.disconnect(),
    emitWithAck: (ms, name, payload) => socket.timeout(ms).emitWithAck(name, payload),
  };
}

/** Creates the client; call `connect()` once the stores have subscribed. */
export function createHallClient(opts: HallClientOptions): HallClient {
  const socket = (opts.socketFactory ?? defaultSocket)(opts.url, opts.token);
  const ackTimeoutMs = opts.ackTimeoutMs ?? 8000;
  const retryMs = opts.retryMs ?? 2000;
  // The feed: every `hall:event`, and on a display every `call` (which stands in for the feed's copy of it).
  const sync = new SeqSync<HallEventPush | CallPush>();
  const listeners: { [E in keyof HallClientEvents]: Set<HallClientEvents[E]> } = {
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
  let state: ConnectionState = 'connecting';
  let resyncInFlight: Promise<void> | null = null;

  function emit<E extends keyof HallClientEvents>(event: E, ...args: Parameters<HallClientEvents[E]>): void {
    for (const fn of listeners[event]) (fn as (...a: unknown[]) => void)(...args);
  }

  function setState(next: ConnectionState): void {
    if (state === next) return;
    state = next;
    emit('state', next);
  }

  /** A feed entry's turn has come: an event is folded now; a call was already told on arrival (below). */
  function deliver(push: HallEventPush | CallPush): void {
    if ('event' in push) emit('event', push);
  }

  function applySnapshot(snapshot: Snapshot): void {
    const { replay, gap } = sync.onSnapshot(snapshot.seq);
    emit('snapshot', snapshot);
    for (const push of replay) deliver(push);
    setState('online');
    if (gap) void client.resync();
  }

  socket.on('hall:snapshot', (snapshot) => applySnapshot(snapshot));
  function onFeed(push: HallEventPush | CallPush): void {
    const verdict = sync.onEvent(push);
    if (verdict === 'apply') deliver(push);
    else if (verdict === 'gap') void client.resync();
  }
  socket.on('hall:event', onFeed);
  // A call is told at once, whatever its place in the feed: the display announces it (a replayed call
  // after a short drop too, which arrives before the snapshot that covers it). Its seq then takes its
  // place in the feed, so a display notices a missed event of either kind and asks for a snapshot.
  socket.on('call', (call) => {
    emit('call', call);
    onFeed(call);
  });
  socket.on('window:update', (update) => emit('windowUpdate', update));
  socket.on('evaluation:pending', (pending) => emit('pending', pending));
  socket.on('hall:counts', (counts) => emit('counts', counts));
  socket.on('hall:status', (status) => emit('status', status));
  socket.on('window:elsewhere', (push) => emit('elsewhere', push));
  socket.on('hall:alert', (alert) => emit('alert', alert));
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** socket.io gives up by itself after a server-side disconnect or a refused handshake: keep trying. */
  function retryLater(): void {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      if (state !== 'closed' && state !== 'unauthenticated' && !socket.connected && !socket.active) socket.connect();
    }, retryMs);
  }
  socket.on('disconnect', (reason) => {
    // The snapshot sent on reconnect replaces whatever was missed.
    sync.expectSnapshot();
    if (state === 'closed') return;
    setState('reconnecting');
    // A server shutting down disconnects every socket itself, and socket.io does not come back from that.
    if (reason === 'io server disconnect') retryLater();
  });
  socket.on('connect_error', (err) => {
    if (err?.message === 'UNAUTHENTICATED' || err?.data?.code === 'UNAUTHENTICATED') {
      setState('unauthenticated');
      return;
    }
    if (state === 'closed') return;
    setState(state === 'connecting' ? 'connecting' : 'reconnecting');
    if (!socket.active) retryLater();
  });

  function waitOnline(ms: number): Promise<boolean> {
    if (state === 'online' && socket.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, ms);
      const off = client.on('state', (s) => {
        if (s !== 'online') return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  async function sendRaw<C extends CommandName>(name: C, payload: WirePayload<C>): Promise<CommandAck<C>> {
    // Never queue a command while offline: socket.io would deliver it minutes later, after the
    // terminal has told its user it failed.
    if (state !== 'online' || !socket.connected) return { ok: false, error: { code: 'OFFLINE', message: CLIENT_ERRORS.OFFLINE } };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return await socket.emitWithAck(ackTimeoutMs, name, payload);
      } catch {
        // No answer: the command may or may not have run. The same requestId makes a second try safe:
        // the server answers it with the first answer if it did.
        if (!(await waitOnline(ackTimeoutMs * 2))) break;
      }
    }
    return { ok: false, error: { code: 'TIMEOUT', message: CLIENT_ERRORS.TIMEOUT } };
  }

  const client: HallClient = {
    get state() {
      return state;
    },
    on(event, fn) {
      const set: Set<typeof fn> = listeners[event];
      set.add(fn);
      return () => set.delete(fn);
    },
    connect() {
      setState('connecting');
      socket.connect();
    },
    close() {
      clearTimeout(retryTimer);
      setState('closed');
      socket.disconnect();
    },
    send(name, payload, o) {
      return sendRaw(name, { ...payload, requestId: o?.requestId ?? newRequestId() });
    },
    resync() {
      if (resyncInFlight) return resyncInFlight;
      sync.expectSnapshot();
      resyncInFlight = (async () => {
        try {
          if (!socket.connected) return; // the reconnect brings a snapshot anyway
          const ack = await socket.emitWithAck(ackTimeoutMs, 'hall:resync', { requestId: newRequestId('resync') });
          if (ack?.ok) applySnapshot(ack.snapshot);
        } catch {
          // A lost answer: ask again shortly while still connected (events are held meanwhile); a
          // reconnect sends a snapshot anyway.
          setTimeout(() => {
            if (socket.connected && sync.resyncing) void client.resync();
          }, 2000);
        } finally {
          resyncInFlight = null;
        }
      })();
      return resyncInFlight;
    },
  };
  return client;
}
