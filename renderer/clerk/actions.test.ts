import { describe, expect, it } from 'vitest';
import { actionForKey, enabledActions } from './actions';

const on = (s: Parameters<typeof enabledActions>[0]) =>
  Object.entries(enabledActions(s))
    .filter(([, v]) => v)
    .map(([k]) => k)
    .sort();

describe('clerk actions', () => {
  it('allows only call next and pause at an open window with nobody at it', () => {
    expect(on({ online: true, busy: false, window: { status: 'open' }, current: null })).toEqual(['callNext', 'pause']);
  });

  it('allows recall, start, complete, no-show and transfer once a ticket is called', () => {
    expect(on({ online: true, busy: false, window: { status: 'open' }, current: { state: 'called' } })).toEqual([
      'complete',
      'noShow',
      'recall',
      'start',
      'transfer',
    ]);
  });

  it('allows only complete and transfer while serving', () => {
    expect(on({ online: true, busy: false, window: { status: 'open' }, current: { state: 'serving' } })).toEqual(['complete', 'transfer']);
  });

  it('allows only resume at a paused window', () => {
    expect(on({ online: true, busy: false, window: { status: 'paused' }, current: null })).toEqual(['resume']);
  });

  it('allows nothing while offline, while a command is on its way, or without a window', () => {
    expect(on({ online: false, busy: false, window: { status: 'open' }, current: null })).toEqual([]);
    expect(on({ online: true, busy: true, window: { status: 'open' }, current: { state: 'called' } })).toEqual([]);
    expect(on({ online: true, busy: false, window: null, current: null })).toEqual([]);
  });

  it('maps function keys and keypad digits to actions', () => {
    expect(actionForKey('F1')).toBe('callNext');
    expect(actionForKey('4')).toBe('complete');
    expect(actionForKey('F8')).toBe('resume');
    expect(actionForKey('9')).toBeNull();
    expect(actionForKey('a')).toBeNull();
  });
});
