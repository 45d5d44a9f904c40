import { refused } from '../../protocol/errors';
import type { CommandName } from '../../protocol/commands';
import type { HallIo, HallSocket } from './context';
import { windowOfStaff } from './snapshots';
import type { RealtimeDeps } from './context';

/** Commands that drive a clerk's window: only the PC that holds the window may give them. */
const DESK_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'window:signOut',
  'window:callNext',
  'window:callTicket',
  'window:pause',
  'window:resume',
  'ticket:recall',
  'ticket:start',
  'ticket:noShow',
  'ticket:complete',
  'ticket:transfer',
]);

/**
 * One PC drives a window. A clerk signed in on one PC who opens the terminal on a second is told the window
 * is in use there, and the second PC's desk commands are refused until the clerk takes the window over
 * (`window:signIn` again on the second PC); the first PC is then told it was taken over, and refused in its
 * turn. A PC that went away (crashed, unplugged) holds nothing: the next PC of the clerk simply carries on.
 * What a hall expects: never two desks calling for one window unnoticed, never a window locked by a dead PC.
 */
export function createDeskHolder(io: HallIo, deps: RealtimeDeps) {
  /** staff id → the socket that holds the staff's window. */
  const holders = new Map<string, string>();

  const live = (socketId: string | undefined) => !!socketId && io.of('/').sockets.has(socketId);

  function tellElsewhere(socketId: string, windowId: string, reason: 'inUse' | 'takenOver'): void {
    const def = deps.hall.state.catalog.windows.get(windowId);
    io.to(socketId).emit('window:elsewhere', { windowId, windowName: def?.name ?? windowId, reason, at: deps.hall.clock.now() });
  }

  /** On connect: the first live PC of a clerk holds the window; a later one is told it is in use elsewhere. */
  function connected(socket: HallSocket): void {
    const staffId = socket.data.identity.staffId;
    if (!staffId) return;
    const windowId = windowOfStaff(deps.hall.state, staffId);
    const holder = holders.get(staffId);
    if (windowId && live(holder) && holder !== socket.id) tellElsewhere(socket.id, windowId, 'inUse');
    else holders.set(staffId, socket.id);
  }

  function disconnected(socket: HallSocket): void {
    const staffId = socket.data.identity.staffId;
    if (staffId && holders.get(staffId) === socket.id) holders.delete(staffId);
  }

  /**
   * Before a command runs: a sign-in to the clerk's own window is a take-over (the old PC is told); a desk
   * command from a PC that does not hold the window is refused. Returns the refusal, or null to go on.
   */
  function check(socket: HallSocket, name: string, payload: unknown): ReturnType<typeof refused> | null {
    const staffId = socket.data.identity.staffId;
    if (!staffId) return null;
    const windowId = windowOfStaff(deps.hall.state, staffId);
    const holder = holders.get(staffId);
    if (name === 'window:signIn') {
      const target = typeof payload === 'object' && payload !== null && 'windowId' in payload ? payload.windowId : null;
      if (windowId && target === windowId && live(holder) && holder !== socket.id) tellElsewhere(holder!, windowId, 'takenOver');
      holders.set(staffId, socket.id);
      return null;
    }
    if (!DESK_COMMANDS.has(name as CommandName) || !windowId) return null;
    if (live(holder) && holder !== socket.id) return refused('WINDOW_IN_USE_ELSEWHERE');
    holders.set(staffId, socket.id);
    return null;
  }

  return { connected, disconnected, check };
}
