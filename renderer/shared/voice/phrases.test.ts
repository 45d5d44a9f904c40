import { describe, expect, it } from 'vitest';
import { callAnnouncement, callClips, callSpeech, callText, cardinalClips, ticketNumberClips, ticketPromptAnnouncement, VOICE_CLIPS } from './phrases';

describe('voice phrases', () => {
  it('reads the ticket number in the kiosk prompt when a ticket is taken', () => {
    const a = ticketPromptAnnouncement('A023');
    expect(a.clips).toEqual(['letter-A', 'digit-0', 'digit-2', 'digit-3', 'hao', null, 'prompt-ticket']);
    expect(a.text).toBe('A023 号。取号成功，请留意叫号');
    expect(a.speech).toContain('A 零 二 三 号');
    for (const c of a.clips) if (c) expect(VOICE_CLIPS[c]).toBeDefined();
  });

  it('reads a ticket number letter by letter and digit by digit', () => {
    expect(ticketNumberClips('A023')).toEqual(['letter-A', 'digit-0', 'digit-2', 'digit-3']);
    expect(ticketNumberClips('b7')).toEqual(['letter-B', 'digit-7']);
  });

  it.each([
    [5, ['digit-5']],
    [10, ['shi']],
    [12, ['shi', 'digit-2']],
    [20, ['digit-2', 'shi']],
    [35, ['digit-3', 'shi', 'digit-5']],
    [100, ['digit-1', 'bai']],
    [105, ['digit-1', 'bai', 'digit-0', 'digit-5']],
    [110, ['digit-1', 'bai', 'digit-1', 'shi']],
    [999, ['digit-9', 'bai', 'digit-9', 'shi', 'digit-9']],
  ])('reads window number %i as a number', (n, clips) => {
    expect(cardinalClips(n)).toEqual(clips);
  });

  it('refuses a window number it cannot read', () => {
    expect(() => cardinalClips(1000)).toThrow(RangeError);
    expect(() => cardinalClips(-1)).toThrow(RangeError);
  });

  it('says "请 A023 号 到 5 号窗口" with clips in order', () => {
    expect(callClips('A023', 5)).toEqual(['qing', 'letter-A', 'digit-0', 'digit-2', 'digit-3', 'hao', 'dao', 'digit-5', 'hao', 'chuangkou']);
    expect(callText('A023', 5)).toBe('请 A023 号 到 5 号窗口');
    expect(callSpeech('A023', 12)).toBe('请 A 零 二 三 号，到 12 号窗口');
  });

  it('announces a call after a chime, twice, with a pause between', () => {
    const a = callAnnouncement('B101', 12);
    const once = callClips('B101', 12);
    expect(a.clips).toEqual(['chime', ...once, null, ...once]);
    expect(a.text).toBe('请 B101 号 到 12 号窗口');
  });

  it('only uses clips the voice pack has', () => {
    const known = new Set([...Object.keys(VOICE_CLIPS), 'chime']);
    for (const [n, w] of [['A023', 5], ['Z999', 999], ['G100', 110]] as const) {
      for (const c of callAnnouncement(n, w).clips) if (c) expect(known.has(c), c).toBe(true);
    }
  });
});
