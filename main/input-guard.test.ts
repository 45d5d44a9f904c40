import { describe, expect, it } from 'vitest';
import { attachInputGuard, shouldBlockInput } from './input-guard';
import type { KeyInput } from './ports';
import { FakeWebContents } from './testing/fakes';

function key(k: string, mods: Partial<Pick<KeyInput, 'control' | 'alt' | 'shift' | 'meta'>> = {}): KeyInput {
  return { type: 'keyDown', key: k, code: '', control: false, alt: false, shift: false, meta: false, ...mods };
}

describe('shouldBlockInput', () => {
  it.each([
    ['reload', key('r', { control: true })],
    ['hard reload', key('R', { control: true, shift: true })],
    ['close', key('w', { control: true })],
    ['quit', key('q', { control: true })],
    ['devtools', key('I', { control: true, shift: true })],
    ['print dialog', key('p', { control: true })],
    ['zoom in', key('=', { control: true })],
    ['zoom out', key('-', { control: true })],
    ['history back', key('ArrowLeft', { alt: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['macOS quit', key('q', { meta: true })],
    ['F5', key('F5')],
    ['F11', key('F11')],
    ['F12', key('F12')],
    ['context menu key', key('ContextMenu')],
    ['browser back key', key('BrowserBack')],
  ])('blocks %s', (_name, input) => {
    expect(shouldBlockInput(input)).toBe(true);
  });

  it.each([
    ['a digit', key('7')],
    ['a letter', key('a')],
    ['the X of an ID number', key('X', { shift: true })],
    ['Backspace', key('Backspace')],
    ['Enter', key('Enter')],
    ['an arrow', key('ArrowDown')],
  ])('lets %s through', (_name, input) => {
    expect(shouldBlockInput(input)).toBe(false);
  });
});

describe('attachInputGuard', () => {
  it('swallows blocked keys before the page sees them and pins the zoom after every load', () => {
    const wc = new FakeWebContents();
    attachInputGuard(wc);
    let prevented = 0;
    wc.fire('before-input-event', { input: key('r', { control: true }), preventDefault: () => (prevented += 1) });
    wc.fire('before-input-event', { input: key('5'), preventDefault: () => (prevented += 1) });
    expect(prevented).toBe(1);
    wc.fire('did-finish-load');
    expect(wc.zoomLimits).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });
});
