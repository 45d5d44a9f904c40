import { describe, expect, it } from 'vitest';
import { rosterOpensAt } from './roster-opens';
import { at, calendarOf } from './test-fixtures';

describe('rosterOpensAt (when a window that can serve opens on the roster)', () => {
  const calendar = calendarOf();

  it('names the opening time before a workday opens', () => {
    expect(rosterOpensAt(calendar, at('2026-11-24 08:10'), ['w12'])).toBe(at('2026-11-24 09:00'));
  });

  it('names the end of the lunch break for a window that rests at lunch', () => {
    // Workday lunch 12:00-13:30 keeps only windows 1-4 open.
    expect(rosterOpensAt(calendar, at('2026-11-24 12:20'), ['w12'])).toBe(at('2026-11-24 13:30'));
  });

  it('says nothing when the window is rostered now (nobody signed in, nobody can say when)', () => {
    expect(rosterOpensAt(calendar, at('2026-11-24 10:00'), ['w12'])).toBeNull();
  });

  it('says nothing when no capable window opens later today (Saturday roster has no company window)', () => {
    expect(rosterOpensAt(calendar, at('2026-11-28 08:30'), ['w12', 'w13'])).toBeNull();
    expect(rosterOpensAt(calendar, at('2026-11-28 08:30'), ['w01'])).toBe(at('2026-11-28 09:00'));
  });

  it('says nothing for a need no window can serve at all', () => {
    expect(rosterOpensAt(calendar, at('2026-11-24 08:10'), [])).toBeNull();
  });
});
