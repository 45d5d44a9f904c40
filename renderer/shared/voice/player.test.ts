import { describe, expect, it } from 'vitest';
import { callAnnouncement } from './phrases';
import { createVoicePlayer, pickChineseVoice } from './player';

/** Just enough of an AudioContext: decodes anything, plays nothing, keeps time. */
class FakeAudioContext {
  state: 'running' | 'suspended' = 'running';
  currentTime = 0;
  destination = {};
  started: string[] = [];
  async resume() {
    this.state = 'running';
  }
  async decodeAudioData(buf: ArrayBuffer) {
    return { duration: 0.001, name: new TextDecoder().decode(buf) } as unknown as AudioBuffer;
  }
  createBufferSource() {
    const ctx = this;
    return {
      buffer: null as null | { name: string },
      connect() {},
      start() {
        ctx.started.push(this.buffer!.name);
      },
      stop() {},
    };
  }
  createOscillator() {
    const ctx = this;
    return { frequency: { value: 0 }, connect: (g: unknown) => g, start: () => ctx.started.push('osc'), stop() {} };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (d: unknown) => d };
  }
}

const manifest = (names: string[]) => ({ clips: Object.fromEntries(names.map((n) => [n, `${n}.wav`])) });
function packFetch(available: Set<string>): typeof fetch {
  return (async (url: string) => {
    const name = String(url).split('/').pop()!;
    if (name === 'manifest.json') return new Response(JSON.stringify(manifest([...available])));
    const clip = name.replace(/\.wav$/, '');
    return available.has(clip) ? new Response(clip) : new Response('', { status: 404 });
  }) as unknown as typeof fetch;
}

const a = callAnnouncement('A023', 5, 1);
const allClips = new Set(a.clips.filter((c): c is string => !!c));
const speech = (voices: Partial<SpeechSynthesisVoice>[], spoken: string[]) =>
  ({
    getVoices: () => voices as SpeechSynthesisVoice[],
    speak: (u: { text: string; onend?: () => void }) => {
      spoken.push(u.text);
      setTimeout(() => u.onend?.(), 0);
    },
    cancel() {},
  }) as unknown as SpeechSynthesis;

describe('voice player', () => {
  it('plays the clips of the voice pack in order', async () => {
    const ctx = new FakeAudioContext();
    const p = createVoicePlayer({ createContext: () => ctx as unknown as AudioContext, fetchFn: packFetch(allClips), speech: null, gapSeconds: 0, pauseSeconds: 0 });
    expect(await p.play(a)).toEqual({ mode: 'pack', audible: true });
    expect(ctx.started).toEqual(a.clips);
  });

  it('falls back to a Chinese system voice when a clip is missing', async () => {
    globalThis.SpeechSynthesisUtterance ??= class {
      constructor(public text: string) {}
    } as never;
    const missing = new Set([...allClips].filter((c) => c !== 'chuangkou'));
    const spoken: string[] = [];
    const p = createVoicePlayer({
      createContext: () => new FakeAudioContext() as unknown as AudioContext,
      fetchFn: packFetch(missing),
      speech: speech([{ lang: 'zh-CN', name: 'Microsoft Huihui', localService: true }], spoken),
    });
    expect((await p.play(a)).mode).toBe('system');
    expect(spoken).toEqual([a.speech]);
  });

  it('only chimes without a pack and without a Chinese voice', async () => {
    const ctx = new FakeAudioContext();
    const p = createVoicePlayer({
      createContext: () => ctx as unknown as AudioContext,
      fetchFn: packFetch(new Set()),
      speech: speech([{ lang: 'en-US', name: 'English', localService: true }], []),
    });
    expect((await p.play(a)).mode).toBe('chime');
    expect(ctx.started).toEqual(['osc', 'osc']);
  });

  it('reports audio the browser keeps blocked', async () => {
    const ctx = new FakeAudioContext();
    ctx.state = 'suspended';
    ctx.resume = () => new Promise(() => undefined);
    const p = createVoicePlayer({ createContext: () => ctx as unknown as AudioContext, fetchFn: packFetch(allClips), speech: null, gapSeconds: 0, pauseSeconds: 0 });
    expect(await p.play(a)).toEqual({ mode: 'pack', audible: false });
    expect(p.blocked).toBe(true);
  });

  it('never picks an espeak voice, whose Mandarin is broken on Debian 12', () => {
    const voices = [
      { lang: 'cmn', name: 'eSpeak Chinese (Mandarin)', localService: true },
      { lang: 'zh-CN', name: 'Google 普通话（中国大陆）', localService: false },
    ] as SpeechSynthesisVoice[];
    expect(pickChineseVoice(voices)?.name).toBe('Google 普通话（中国大陆）');
    expect(pickChineseVoice([voices[0]!])).toBeNull();
  });
});
