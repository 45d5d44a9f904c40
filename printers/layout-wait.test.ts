import { describe, expect, it } from 'vitest';
import { layoutTicket, waitLine } from './layout';
import { DEMO_TICKET } from './demo-ticket';

const TZ = 'Asia/Shanghai';

describe('the printed wait line', () => {
  it('prints the estimate with its range', () => {
    expect(waitLine({ estimatedWaitMinutes: 25, estimateRange: { low: 15, high: 40, noWindow: false, servableFrom: null } }, TZ)).toBe('约 25 分钟（15–40 分钟）');
  });

  it('says 即将叫号 only when the range says so', () => {
    expect(waitLine({ estimatedWaitMinutes: 0, estimateRange: { low: 0, high: 2, noWindow: false, servableFrom: null } }, TZ)).toBe('即将叫号');
    expect(waitLine({ estimatedWaitMinutes: 0, estimateRange: { low: 0, high: 9, noWindow: false, servableFrom: null } }, TZ)).toBe('约 0 分钟（0–9 分钟）');
  });

  it('says when no window can serve the ticket and when one is due', () => {
    const at = Date.parse('2026-11-28T05:30:00Z');
    expect(waitLine({ estimatedWaitMinutes: 0, estimateRange: { low: 0, high: null, noWindow: true, servableFrom: at } }, TZ)).toBe('暂无可办理窗口，预计 13:30 起办理');
    expect(waitLine({ estimatedWaitMinutes: 0, estimateRange: { low: 0, high: null, noWindow: true, servableFrom: null } }, TZ)).toBe('暂无可办理窗口，今日可能无法办理');
    expect(waitLine({ estimatedWaitMinutes: 3, estimateRange: { low: 1, high: 6, noWindow: true, servableFrom: null } }, TZ)).toBe('暂无可办理窗口，待窗口开放后约 1–6 分钟');
    expect(waitLine({ estimatedWaitMinutes: 0, estimateRange: { low: 0, high: 0, noWindow: true, servableFrom: null } }, TZ)).toBe('暂无可办理窗口，窗口开放后即叫号');
  });

  it('keeps the old line for a payload without a range', () => {
    const layout = layoutTicket({ ...DEMO_TICKET, estimatedWaitMinutes: 9 }, { paperWidthMm: 80 });
    expect(layout.ops.some((o) => o.op === 'text' && o.text.includes('约 9 分钟'))).toBe(true);
  });
});
