import type { Logger } from 'pino';
import type { AdminConfig } from '../../protocol/admin';
import type { EstimateService } from '../estimates/estimate-service';
import type { Device } from '../../protocol/catalog';
import type { HallKeys } from '../auth/keys';
import type { Hall } from '../hall/hall';
import type { Notifier } from '../notify/service';
import type { PrintService } from '../printing/print-service';
import type { Db } from '../store/database';
import type { StatusProvider } from '../hall/io';
import type { RateLimiter } from './rate-limit';

// The socket server's shared types and rooms live in server/hall/io.ts; the handlers keep importing them from here.
export { clerkRoom, evalRoom, ROOM_DISPLAYS, ROOM_PUBLIC, ROOM_STAFF, windowRoom, type HallIo, type HallSocket, type Identity, type SocketCredential, type StatusProvider } from '../hall/io';

/** Everything the socket handlers need, handed down from the composition root. */
export interface RealtimeDeps {
  hall: Hall;
  db: Db;
  devices: () => Map<string, Device>;
  status: StatusProvider;
  /** Base URL for the QR code on tickets when the hall has none configured. */
  publicBaseUrl: () => string;
  /** The hall's personal-data keys (look-up hashes of ID and phone numbers), from the key file. */
  keys: HallKeys;
  logger: Logger;
  /** Prints tickets on kiosks' network printers. */
  printing?: PrintService;
  /** Keeps the phone number a citizen left, sealed, for text messages until the ticket ends. */
  notifier?: Pick<Notifier, 'registerContact' | 'active' | 'callbackDays'>;
  /** Wait estimates from the hall simulator (absent: the catalogue formula). */
  estimates?: EstimateService;
  /** The buckets of commands per device and per staff session, and their limits (the admin settings). */
  limiter: RateLimiter;
  rateLimits: () => AdminConfig['rateLimits'];
}

