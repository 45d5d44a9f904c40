import type { Logger } from 'pino';
import type { HallCalendar, HolidaySource } from '../calendar';
import type { Hall } from '../hall/hall';
import type { HallIo } from '../hall/io';
import type { Db } from '../store/database';
import type { PrintService } from '../printing/print-service';
import type { PrinterPort } from './printers';
import type { CallbackContacts } from '../privacy/callback-contacts';

/** What the admin console needs from the composition root (`createHallServer`). */
export interface AdminDeps {
  hall: Hall;
  db: Db;
  /** The socket.io server, for alerts to the console and the clerk terminals. */
  io: HallIo;
  logger: Logger;
  /** Re-reads the devices after the console changed them (`HallServer.reloadDevices`). */
  reloadDevices(): void;
  /** The calendar in force, for shifts and kinds of day in reports; absent = Monday-Friday workdays, no shifts. */
  calendar?: () => HallCalendar | null;
  /** Told after the calendar configuration or an override changed, so the root rebuilds the calendar. */
  onCalendarChanged?: () => void;
  /** Statutory working days for follow-up deadlines; default chinese-days (hall overrides applied on top). */
  holidays?: HolidaySource;
  /** The hall's print service: each kiosk printer's last status and last print, for the device list. */
  printing?: PrintService;
  /** Kiosk printers: status and test print. Default: network printers through printers/, attached ones not reachable. */
  printers?: PrinterPort;
  /** Phone numbers kept for 差评回访 (the notifier's); absent = none kept, the list shows no number. */
  callbacks?: CallbackContacts;
  /** Webhook deliveries; tests pass their own. */
  fetch?: typeof fetch;
  /** Backoff jitter source in [0, 1). */
  random?: () => number;
  /** scrypt cost for passwords the console sets; tests lower it, production keeps the default. */
  passwordCost?: number;
  /** How often background work (alerts, webhooks, default ratings) runs; tests lower it. */
  tickMs?: number;
}

/** Who made a change: the signed-in admin. */
export interface Actor {
  id: string;
  name: string;
}
