import { describe, expect, it } from 'vitest';
import { looksLikeIdNumber, WedgeBuffer } from './wedge';

function feedAll(w: WedgeBuffer, text: string, start: number, gap: number): string | null {
  let out: string | null = null;
  [...text, 'Enter'].forEach((k, i) => {
    out = w.feed(k, start + i * gap) ?? out;
  });
  return out;
}

describe('keyboard-wedge reader', () => {
  it('takes a fast burst ending in Enter as one reading', () => {
    expect(feedAll(new WedgeBuffer(), '11010519491231002X', 1000, 8)).toBe('11010519491231002X');
  });

  it('ignores keys typed as slowly as a person types', () => {
    expect(feedAll(new WedgeBuffer(), '11010519491231002X', 1000, 250)).toBe(null);
  });

  it('ignores a short burst', () => {
    expect(feedAll(new WedgeBuffer(), '123', 1000, 5)).toBe(null);
  });

  it('tells an ID number from other readings', () => {
    expect(looksLikeIdNumber('11010519491231002X')).toBe(true);
    expect(looksLikeIdNumber('110105194912310021')).toBe(true);
    expect(looksLikeIdNumber('APPT-1234')).toBe(false);
  });
});
