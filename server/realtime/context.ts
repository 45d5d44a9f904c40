import type { Logger } from 'pino';
import type { EstimateService } from '../estimates/estimate-service';
import type { Server, Socket } from 'socket.io';
import type { Device } from '../../protocol/catalog';
import type { Role } from '../../protocol/commands';
import type { ClientToServerEvents, HallStatusView, ServerToClientEvents } from '../../protocol/views';
import type { Hall } from '../hall/hall';
import type { PrintService } from '../printing/print-service';
import type { Db } from '../store/database';

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
}

export interface SocketData {
  identity: Identity;
}

export type HallIo = Server<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;
export type HallSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Everything the socket handlers need, handed down from the composition root. */
export interface RealtimeDeps {
  hall: Hall;
  db: Db;
  devices: () => Map<string, Device>;
  status: StatusProvider;
  /** Base URL for the QR code on tickets when the hall has none configured. */
  publicBaseUrl: () => string;
  /** Salt for the look-up hashes of ID and phone numbers. */
  personalSalt: string;
  logger: Logger;
  /** Prints tickets on kiosks' network printers. */
  printing?: PrintService;
  /** Wait estimates from the hall simulator (absent: the catalogue formula). */
  estimates?: EstimateService;
}

/** Rooms: public terminals get events without personal data; staff get them whole. */
export const ROOM_PUBLIC = 'public';
export const ROOM_STAFF = 'staff';
export const ROOM_DISPLAYS = 'displays';
export const windowRoom = (windowId: string) => `window:${windowId}`;
export const evalRoom = (windowId: string) => `eval:${windowId}`;
export const clerkRoom = (staffId: string) => `clerk:${staffId}`;
