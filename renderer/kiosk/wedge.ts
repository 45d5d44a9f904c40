/**
 * A keyboard-wedge reader (ID card reader, QR scanner) types a whole number fast and ends with Enter.
 * This tells such a burst from a person typing: keys that come within `maxGapMs` of each other and end
 * in Enter make one reading. Pure: the caller feeds it keys with their times.
 */
export class WedgeBuffer {
  private chars = '';
  private lastAt = -Infinity;

  constructor(
    private readonly maxGapMs = 60,
    private readonly minLength = 6,
  ) {}

  /** Feeds one key; returns the reading when this key completes one. */
  feed(key: string, at: number): string | null {
    if (at - this.lastAt > this.maxGapMs) this.chars = '';
    this.lastAt = at;
    if (key === 'Enter') {
      const reading = this.chars;
      this.chars = '';
      return reading.length >= this.minLength ? reading : null;
    }
    if (key.length === 1) this.chars += key;
    return null;
  }
}

/** A mainland ID number as a reader or a person types it: 18 characters, the last a digit or X. */
export function looksLikeIdNumber(s: string): boolean {
  return /^\d{17}[\dXx]$/.test(s.trim());
}
