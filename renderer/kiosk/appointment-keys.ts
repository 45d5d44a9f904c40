import { WedgeBuffer } from './wedge';

/** The characters of an appointment code (the server's `POST /api/appointments` takes the same). */
const CODE_CHAR = /^[A-Za-z0-9-]$/;
export const APPOINTMENT_CODE_MAX = 32;

/** What one key does to the code being entered. */
export interface CodeKeyResult {
  code: string;
  /** Enter: take the ticket with `code`. */
  submit: boolean;
  /** The key was the code's: the page should not let it do anything else (type twice, press a button). */
  handled: boolean;
}

/**
 * The appointment screen's keys, wherever the focus is (a hand scanner types the QR code's text and
 * Enter). A scanner's burst replaces whatever was tapped or typed before it: a citizen who tapped a digit
 * and then scans gets the scanned code, not "1" in front of it. Enter submits.
 */
export class AppointmentKeys {
  private readonly wedge: WedgeBuffer;

  constructor(maxGapMs = 60) {
    // Appointment codes are at least 4 characters (the server's rule).
    this.wedge = new WedgeBuffer(maxGapMs, 4);
  }

  /** Feeds one key pressed at `at` (ms) to the code as it stands. */
  key(code: string, key: string, at: number): CodeKeyResult {
    if (key === 'Enter') {
      const reading = this.wedge.feed(key, at);
      const scanned = reading && [...reading].every((c) => CODE_CHAR.test(c)) ? reading.toUpperCase().slice(0, APPOINTMENT_CODE_MAX) : null;
      return { code: scanned ?? code, submit: true, handled: true };
    }
    if (key === 'Backspace') return { code: code.slice(0, -1), submit: false, handled: true };
    if (key.length === 1 && CODE_CHAR.test(key)) {
      this.wedge.feed(key, at);
      const next = code.length < APPOINTMENT_CODE_MAX ? code + key.toUpperCase() : code;
      return { code: next, submit: false, handled: true };
    }
    return { code, submit: false, handled: false };
  }
}
