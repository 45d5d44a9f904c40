import { describe, expect, it } from 'vitest';
import { waitText } from './wait-text';

describe('waitText', () => {
  it('shows the estimate with its range', () => {
    expect(waitText(25, { low: 15, high: 40, noWindow: false, servableFrom: null })).toEqual({ main: '约 25 分钟', detail: '15–40 分钟' });
  });

  it('says 即将叫号 only when the range says the call is that close', () => {
    expect(waitText(0, { low: 0, high: 1, noWindow: false, servableFrom: null }).main).toBe('即将叫号');
    expect(waitText(0, { low: 0, high: 12, noWindow: false, servableFrom: null })).toEqual({ main: '不到 1 分钟', detail: '0–12 分钟' });
  });

  it('says when no window can serve the ticket and when one is due', () => {
    const at = Date.parse('2026-11-28T05:30:00Z');
    expect(waitText(0, { low: 0, high: null, noWindow: true, servableFrom: at })).toEqual({ main: '暂无可办理窗口', detail: '预计 13:30 起办理' });
    expect(waitText(0, { low: 0, high: null, noWindow: true, servableFrom: null }).detail).toBe('今日可能无法办理');
    // Nobody signed in yet, windows expected: no time to name, but the wait once they are in.
    expect(waitText(3, { low: 1, high: 6, noWindow: true, servableFrom: null })).toEqual({ main: '暂无可办理窗口', detail: '待窗口开放后约 1–6 分钟' });
    expect(waitText(0, { low: 0, high: 0, noWindow: true, servableFrom: null }).detail).toBe('窗口开放后即叫号');
  });

  it('keeps the estimate alone without a range', () => {
    expect(waitText(12, undefined)).toEqual({ main: '约 12 分钟', detail: null });
  });
});
