import type { Server, Socket } from 'socket.io';
import type { Role } from '../../protocol/commands';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/pushes';
import type { HallStatusView } from '../../protocol/views';

/**
 * The hall's socket.io server as every area sees it: who is on a socket, the typed server, the rooms.
 * The socket boundary (realtime/) fills it; the admin console and alerts push through it; neither
 * imports the other.
 */

/** Who is on the other end of a socket, established once in the handshake. */
export interface Identity {
  role: Role;
  /** Staff (clerk, admin) */
  staffId?: string;
  /** Devices (kiosk, display, eval) */
  deviceId?: string;
  /** A device bound to a window (window screen, evaluation pad). */
  windowId?: string;
  name: string;
}

/** What the calendar tells the terminals; the server passes the real calendar. */
export interface StatusProvider {
  status(now: number): HallStatusView;
  /** Matters served today; null = all. */
  servicesToday(now: number): Set<string> | null;
  /** When the roster next opens one of these windows today (for a ticket nobody can serve now); null = not known. */
  rosterOpensAt(now: number, windowIds: readonly string[]): number | null;
}

/** The token a socket signed in with (only its hash), checked again on every command: it can end. */
export interface SocketCredential {
  kind: 'session' | 'device';
  tokenHash: string;
  /** When a staff session expires; devices' tokens last until revoked. */
  expiresAt: number | null;
}

export interface SocketData {
  identity: Identity;
  credential: SocketCredential;
}

/** The socket.io server and its sockets, typed with the protocol's event maps in both directions. */
export type HallIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type HallSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Rooms: public terminals get events without personal data; staff get them whole. */
export const ROOM_PUBLIC = 'public';
export const ROOM_STAFF = 'staff';
export const ROOM_DISPLAYS = 'displays';
export const windowRoom = (windowId: string) => `window:${windowId}`;
export const evalRoom = (windowId: string) => `eval:${windowId}`;
export const clerkRoom = (staffId: string) => `clerk:${staffId}`;
