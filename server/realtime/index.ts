import { refusal, refused } from '../../protocol/errors';
import { COMMAND_ROLES } from '../../protocol/commands';
import { registerPrintingHandlers } from '../printing/handlers';
import { identify } from './auth';
import { createBroadcaster } from './broadcaster';
import { createDeskHolder } from './desk-holder';
import { clerkRoom, evalRoom, ROOM_DISPLAYS, ROOM_PUBLIC, ROOM_STAFF, windowRoom, type HallIo, type HallSocket, type RealtimeDeps } from './context';
import { registerHallHandlers, registerResync } from './hall-handlers';
import { snapshotFor } from './snapshots';
import { registerTicketHandlers } from './ticket-handlers';
import { registerWindowHandlers } from './window-handlers';

/**
 * The socket.io boundary: authenticate in the handshake, join the rooms of the role, send the snapshot,
 * register the handlers of each area. Commands a role may not give are refused by `onCommand`.
 */
export function attachRealtime(io: HallIo, deps: RealtimeDeps, opts: { maxBacklogBytes?: number } = {}) {
  io.use((socket, next) => {
    const signedIn = identify(deps.db, deps.hall.state.catalog, deps.devices(), socket.handshake.auth?.token, deps.hall.clock.now());
    if (!signedIn) {
      const err = new Error('UNAUTHENTICATED') as Error & { data?: unknown };
      err.data = refusal('UNAUTHENTICATED');
      next(err);
      return;
    }
    socket.data.identity = signedIn.identity;
    socket.data.credential = signedIn.credential;
    next();
  });

  const broadcaster = createBroadcaster(io, deps);
  const desks = createDeskHolder(io, deps);
  deps.hall.onCommitted(broadcaster.onCommitted);

  io.on('connection', (socket) => {
    const { identity } = socket.data;
    endAtExpiry(socket, deps);
    guardBacklog(socket, deps, opts.maxBacklogBytes ?? MAX_BACKLOG_BYTES);
    if (identity.role === 'clerk' || identity.role === 'admin') {
      void socket.join([ROOM_STAFF, clerkRoom(identity.staffId!)]);
    } else {
      void socket.join(ROOM_PUBLIC);
      if (identity.role === 'display') void socket.join(ROOM_DISPLAYS);
      if (identity.windowId) void socket.join(identity.role === 'eval' ? evalRoom(identity.windowId) : windowRoom(identity.windowId));
    }
    socket.emit('hall:snapshot', snapshotFor(identity, deps, deps.hall.clock.now()));
    if (identity.staffId) {
      desks.connected(socket);
      socket.on('disconnect', () => desks.disconnected(socket));
      // Before any handler: one PC drives a window (see desk-holder.ts).
      socket.use(([event, payload, ...rest], next) => {
        const refusal = desks.check(socket, event, payload);
        if (!refusal) return next();
        const ack = rest.at(-1);
        if (typeof ack === 'function') ack(refusal);
      });
    }
    // Displays only listen; registering nothing else for them keeps that true.
    registerResync(socket, deps);
    if (identity.role !== 'display') {
      registerPrintingHandlers(socket, deps);
      registerTicketHandlers(socket, deps);
      registerWindowHandlers(socket, deps);
      registerHallHandlers(socket, deps);
    }
    // Commands no handler knows (or a display's commands) still get an answer, not silence.
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') return;
      // Own keys only: `constructor`, `toString` and the like are "in" every object, and are no command.
      if (!Object.hasOwn(COMMAND_ROLES, event)) ack(refused('BAD_REQUEST', '未知命令'));
      else if (identity.role === 'display' && event !== 'hall:resync') ack(refused('FORBIDDEN', '显示屏只能接收'));
    });
  });

  return {
    stop: broadcaster.stop,
    refreshTerminals: broadcaster.refreshTerminals,
    /** A session ended (logout): its sockets close now, not at their next command. */
    endSession(tokenHash: string) {
      for (const socket of io.of('/').sockets.values()) if (socket.data.credential?.tokenHash === tokenHash) socket.disconnect(true);
    },
  };
}

/**
 * Bytes a socket may have queued and unsent before it is dropped. A terminal whose connection stopped
 * reading (a frozen page, a half-dead network) otherwise holds every push of the day in the server's memory.
 */
const MAX_BACKLOG_BYTES = 1_000_000;

/** A staff socket closes when its session expires, even if it never sends another command. */
function endAtExpiry(socket: HallSocket, deps: RealtimeDeps): void {
  const { expiresAt } = socket.data.credential;
  if (expiresAt === null) return;
  // setTimeout holds at most 2^31-1 ms; a session of more than 24 days is checked again by its commands.
  const ms = Math.min(Math.max(0, expiresAt - deps.hall.clock.now()), 2 ** 31 - 1);
  const timer = setTimeout(() => socket.disconnect(true), ms);
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
}

/**
 * Counts what is queued for a socket and not yet written: packets engine.io holds while its transport is
 * busy, and what the WebSocket holds above the kernel's buffer. Checked as each packet is created (before
 * it is added); past the bound the connection is torn down at once, its queue discarded. A slow but
 * living client reconnects and resyncs from its snapshot.
 */
function guardBacklog(socket: HallSocket, deps: RealtimeDeps, maxBytes: number): void {
  const conn = socket.conn;
  let queued = 0;
  conn.on('flush', () => {
    queued = 0;
  });
  conn.on('packetCreate', (packet: { data?: unknown }) => {
    const data = packet.data;
    queued += typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 0;
    const held = queued + webSocketBuffered(conn.transport);
    if (held <= maxBytes || conn.readyState !== 'open') return;
    deps.logger.warn({ role: socket.data.identity.role, held }, 'dropping a socket that stopped reading');
    terminate(conn.transport);
    conn.close(true);
  });
}

/** The WebSocket under an engine.io transport, when it is one (long-polling has none). */
function webSocketOf(transport: object): { bufferedAmount: number; terminate(): void } | null {
  const ws: unknown = 'socket' in transport ? transport.socket : null;
  if (ws && typeof ws === 'object' && 'bufferedAmount' in ws && typeof ws.bufferedAmount === 'number' && 'terminate' in ws && typeof ws.terminate === 'function') {
    const terminateWs = ws.terminate.bind(ws);
    const buffered = ws.bufferedAmount;
    return { bufferedAmount: buffered, terminate: () => terminateWs() };
  }
  return null;
}

/**
 * What the WebSocket holds unsent. Read for every packet to every socket (a call to 300 displays is 300
 * reads), so it allocates nothing, unlike `webSocketOf`.
 */
function webSocketBuffered(transport: object): number {
  const ws: unknown = 'socket' in transport ? transport.socket : null;
  return ws && typeof ws === 'object' && 'bufferedAmount' in ws && typeof ws.bufferedAmount === 'number' ? ws.bufferedAmount : 0;
}

/** Destroys the TCP connection under a WebSocket at once: a close handshake cannot pass a full buffer. */
function terminate(transport: object): void {
  webSocketOf(transport)?.terminate();
}
