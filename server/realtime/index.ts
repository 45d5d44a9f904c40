import { refusal, refused } from '../../protocol/errors';
import { COMMAND_ROLES } from '../../protocol/commands';
import { registerPrintingHandlers } from '../printing/handlers';
import { identify } from './auth';
import { createBroadcaster } from './broadcaster';
import { createDeskHolder } from './desk-holder';
import { clerkRoom, evalRoom, ROOM_DISPLAYS, ROOM_PUBLIC, ROOM_STAFF, windowRoom, type HallIo, type RealtimeDeps } from './context';
import { registerHallHandlers, registerResync } from './hall-handlers';
import { snapshotFor } from './snapshots';
import { registerTicketHandlers } from './ticket-handlers';
import { registerWindowHandlers } from './window-handlers';

/**
 * The socket.io boundary: authenticate in the handshake, join the rooms of the role, send the snapshot,
 * register the handlers of each area. Commands a role may not give are refused by `onCommand`.
 */
export function attachRealtime(io: HallIo, deps: RealtimeDeps) {
  io.use((socket, next) => {
    const identity = identify(deps.db, deps.hall.state.catalog, deps.devices(), socket.handshake.auth?.token, deps.hall.clock.now());
    if (!identity) {
      const err = new Error('UNAUTHENTICATED') as Error & { data?: unknown };
      err.data = refusal('UNAUTHENTICATED');
      next(err);
      return;
    }
    socket.data.identity = identity;
    next();
  });

  const broadcaster = createBroadcaster(io, deps);
  const desks = createDeskHolder(io, deps);
  deps.hall.onCommitted(broadcaster.onCommitted);

  io.on('connection', (socket) => {
    const { identity } = socket.data;
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
      if (!(event in COMMAND_ROLES)) ack(refused('BAD_REQUEST', `未知命令 ${event}`));
      else if (identity.role === 'display' && event !== 'hall:resync') ack(refused('FORBIDDEN', '显示屏只能接收'));
    });
  });

  return { stop: broadcaster.stop, refreshTerminals: broadcaster.refreshTerminals };
}
