/**
 * The preload bridge: what the Electron shell puts on `window.yichuang` for the terminal pages.
 * Environment-neutral (types only), so the renderer can import it.
 *
 * In a plain browser there is no bridge (`window.yichuang` is undefined): a page checks for it and
 * falls back, e.g. the kiosk shows the ticket on screen instead of printing it.
 *
 * Every method answers only the hall server's own pages (the main process checks the calling frame's
 * origin); anything else gets a rejected promise.
 */
import type { PrinterStatus, PrintResult, TicketPrintData } from './print';

/** The terminal roles the shell runs; `window` is a window screen (窗口屏). */
export type TerminalRole = 'kiosk' | 'clerk' | 'display' | 'window' | 'eval';

/** What the terminal is, as the shell was configured on this machine. */
export interface DeviceInfo {
  role: TerminalRole;
  /** The window number of a window screen, else null. */
  window: number | null;
  /** The hall server's origin, e.g. `http://10.0.0.5:8080`. */
  server: string;
  /** The terminal's Chinese name, e.g. `取号机` or `窗口屏（3 号窗口）`. */
  label: string;
  /** True when this machine has a printer configured (kiosks only). */
  hasPrinter: boolean;
  /** The machine's host name, for the admin console's device list. */
  hostname: string;
  /** The shell's version (package.json). */
  shellVersion: string;
  platform: string;
}

/** Options for one print job. */
export interface PrintOptions {
  /**
   * Makes the job idempotent: a second call with the same id (a double tap, a page reload) gets the
   * first call's result and prints nothing. Use the ticket id; use a new id for a deliberate reprint.
   */
  requestId?: string;
}

/**
 * A print job's outcome: the printer module's result, or the shell's own refusal when no printer is set
 * up (its message is the catalogue's, `errors.ts`).
 */
export type BridgePrintResult =
  | PrintResult
  | { ok: false; code: 'PRINTER_NOT_CONFIGURED'; message: string; printed: 'no'; status: null };


/** `window.yichuang`. */
export interface YichuangBridge {
  /** Bumped when a method changes incompatibly. */
  readonly version: 1;
  getDeviceInfo(): Promise<DeviceInfo>;
  /**
   * The device token for the socket.io handshake (`auth: { token }`), or null for a clerk terminal
   * (clerks sign in with a password). Keep it in memory: never put it in localStorage, cookies or the URL.
   */
  getDeviceToken(): Promise<string | null>;
  /** Prints a ticket on the printer attached to this kiosk. Never rejects for printer trouble; read `ok`. */
  printTicket(data: TicketPrintData, options?: PrintOptions): Promise<BridgePrintResult>;
  /** The attached printer's state, or null when this machine has no printer. */
  printerStatus(): Promise<PrinterStatus | null>;
}

/** The property name on `window`. */
export const BRIDGE_GLOBAL = 'yichuang';

declare global {
  interface Window {
    /** Present only inside the Electron shell. */
    yichuang?: YichuangBridge;
  }
}
