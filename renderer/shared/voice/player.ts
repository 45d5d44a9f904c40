import type { Announcement } from './phrases';

/**
 * Plays announcements offline, best source first:
 * 1. the voice pack: pre-generated clips (renderer/public/voice/zh-CN/) joined with Web Audio;
 * 2. the system's zh-CN voice (speechSynthesis) where one exists, e.g. a Chinese Windows;
 * 3. a chime alone: the screen still shows the call.
 * `prefer` changes the order (`?voice=system` on a machine with a good system voice).
 */
export type VoiceMode = 'pack' | 'system' | 'chime';

export interface PlayResult {
  mode: VoiceMode;
  /** False when the browser keeps audio blocked until someone touches the screen. */
  audible: boolean;
}

export interface VoicePlayer {
  play(a: Announcement): Promise<PlayResult>;
  /** Stops what is playing (a kiosk prompt when the citizen moves on). */
  stop(): void;
  /** Tries to start audio after a touch; true when it runs. */
  unlock(): Promise<boolean>;
  /** True while the browser blocks audio. */
  readonly blocked: boolean;
}

export interface VoiceOptions {
  /** Where the pack lives, ending in a slash. */
  base?: string;
  prefer?: VoiceMode;
  fetchFn?: typeof fetch;
  createContext?: () => AudioContext | null;
  speech?: SpeechSynthesis | null;
  /** Silence between clips, and between repeats (a `null` in the clip list). */
  gapSeconds?: number;
  pauseSeconds?: number;
}

interface Manifest {
  clips: Record<string, string>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A zh-CN voice that is not espeak (whose Mandarin is broken on Debian 12), or null. */
export function pickChineseVoice(voices: SpeechSynthesisVoice[]): SpeechSynthesisVoice | null {
  const ok = voices.filter((v) => /^(zh[-_]CN|cmn)/i.test(v.lang) && !/espeak/i.test(v.name));
  return ok.find((v) => v.localService) ?? ok[0] ?? null;
}

export function createVoicePlayer(opts: VoiceOptions = {}): VoicePlayer {
  const base = opts.base ?? '/voice/zh-CN/';
  const fetchFn = opts.fetchFn ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const gap = opts.gapSeconds ?? 0.04;
  const pause = opts.pauseSeconds ?? 0.8;
  const speech = opts.speech === undefined ? (typeof speechSynthesis === 'undefined' ? null : speechSynthesis) : opts.speech;
  let ctx: AudioContext | null | undefined;
  let manifest: Promise<Manifest | null> | null = null;
  const buffers = new Map<string, Promise<AudioBuffer | null>>();
  let playing: AudioScheduledSourceNode[] = [];
  let cancel: (() => void) | null = null;

  function context(): AudioContext | null {
    if (ctx === undefined) {
      try {
        ctx = opts.createContext ? opts.createContext() : typeof AudioContext === 'undefined' ? null : new AudioContext();
      } catch {
        ctx = null;
      }
    }
    return ctx;
  }

  function loadManifest(): Promise<Manifest | null> {
    manifest ??= fetchFn(`${base}manifest.json`)
      .then((r) => (r.ok ? (r.json() as Promise<Manifest>) : null))
      .catch(() => null);
    return manifest;
  }

  function clip(name: string): Promise<AudioBuffer | null> {
    let b = buffers.get(name);
    if (!b) {
      b = (async () => {
        const m = await loadManifest();
        const file = m?.clips[name];
        const c = context();
        if (!file || !c) return null;
        try {
          const res = await fetchFn(`${base}${file}`);
          if (!res.ok) return null;
          return await c.decodeAudioData(await res.arrayBuffer());
        } catch {
          return null;
        }
      })();
      buffers.set(name, b);
    }
    return b;
  }

  async function running(): Promise<boolean> {
    const c = context();
    if (!c) return false;
    // Without a user gesture a browser may leave resume() pending forever: do not wait for it.
    if (c.state === 'suspended') await Promise.race([c.resume().catch(() => undefined), sleep(300)]);
    return c.state === 'running';
  }

  /** Waits for the scheduled audio, or less when stopped. */
  function waitFor(seconds: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.ceil(seconds * 1000));
      function done() {
        clearTimeout(t);
        cancel = null;
        resolve();
      }
      cancel = done;
    });
  }

  async function playPack(a: Announcement): Promise<boolean | null> {
    const c = context();
    if (!c) return null;
    const names = a.clips.filter((x): x is string => x !== null);
    const decoded = await Promise.all(names.map(clip));
    if (decoded.some((b) => !b)) return null;
    const audible = await running();
    let t = c.currentTime + 0.05;
    let i = 0;
    for (const item of a.clips) {
      if (item === null) {
        t += pause;
        continue;
      }
      const buffer = decoded[i++]!;
      const src = c.createBufferSource();
      src.buffer = buffer;
      src.connect(c.destination);
      src.start(t);
      playing.push(src);
      t += buffer.duration + gap;
    }
    await waitFor(t - c.currentTime);
    playing = [];
    return audible;
  }

  async function playSystem(a: Announcement): Promise<boolean> {
    const voice = speech ? pickChineseVoice(speech.getVoices()) : null;
    if (!speech || !voice) return false;
    const u = new SpeechSynthesisUtterance(a.speech);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    const ended = new Promise<void>((resolve) => {
      u.onend = () => resolve();
      u.onerror = () => resolve();
    });
    speech.speak(u);
    // Some engines never fire `end`: bound the wait by the length of the text.
    await Promise.race([ended, sleep(2000 + a.speech.length * 350)]);
    return true;
  }

  async function playChime(): Promise<boolean> {
    const c = context();
    if (!c) return false;
    const audible = await running();
    const t0 = c.currentTime + 0.05;
    for (const [freq, at, len] of [
      [880, 0, 0.45],
      [660, 0.4, 0.7],
    ] as const) {
      const osc = c.createOscillator();
      const g = c.createGain();
      osc.frequency.value = freq;
      g.gain.setValueAtTime(0.0001, t0 + at);
      g.gain.exponentialRampToValueAtTime(0.4, t0 + at + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, t0 + at + len);
      osc.connect(g).connect(c.destination);
      osc.start(t0 + at);
      osc.stop(t0 + at + len);
      playing.push(osc);
    }
    await waitFor(1.2);
    playing = [];
    return audible;
  }

  const order: Record<VoiceMode, VoiceMode[]> = {
    pack: ['pack', 'system', 'chime'],
    system: ['system', 'pack', 'chime'],
    chime: ['chime'],
  };

  return {
    get blocked() {
      return !!ctx && ctx.state !== 'running';
    },
    async play(a) {
      for (const mode of order[opts.prefer ?? 'pack']) {
        if (mode === 'pack') {
          const audible = await playPack(a);
          if (audible !== null) return { mode, audible };
        } else if (mode === 'system') {
          if (await playSystem(a)) return { mode, audible: true };
        } else {
          return { mode, audible: await playChime() };
        }
      }
      return { mode: 'chime', audible: false };
    },
    stop() {
      for (const s of playing) {
        try {
          s.stop();
        } catch {
          // already stopped
        }
      }
      playing = [];
      speech?.cancel();
      cancel?.();
    },
    async unlock() {
      return running();
    },
  };
}
