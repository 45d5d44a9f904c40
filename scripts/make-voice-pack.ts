/**
 * Generates the terminals' Mandarin voice pack (renderer/public/voice/zh-CN/): one short WAV per clip
 * that `renderer/shared/voice/phrases.ts` names, plus a chime and a manifest. The display joins the
 * clips with Web Audio, offline.
 *
 * The speech comes from the npm `espeak-ng` WASM build (1.52-dev), whose Mandarin is right where
 * Debian's espeak-ng 1.51 reads pinyin tone digits in English. That package is GPL-3.0-or-later and is
 * used only as a tool, once, to make these files: it is not a dependency of the project and nothing of
 * it ships. Install it outside the project and point this script at it:
 *
 *   npm install --prefix /tmp/voice-tool espeak-ng@1.0.2
 *   ESPEAK_NG_MODULE=/tmp/voice-tool/node_modules/espeak-ng/dist/espeak-ng.js npx tsx scripts/make-voice-pack.ts
 *
 * A hall that records its own voice replaces the WAV files of the same names (keep them short: trimmed,
 * mono, 16-bit PCM) and keeps the manifest.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHIME, VOICE_CLIPS } from '../renderer/shared/voice/phrases';

export interface Pcm {
  sampleRate: number;
  samples: Int16Array;
}

/** Reads a mono 16-bit PCM WAV (what espeak-ng writes). espeak may leave the RIFF sizes unset: the data runs to the end. */
export function parseWav(buf: Uint8Array): Pcm {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = (at: number) => String.fromCharCode(...buf.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let at = 12;
  let sampleRate = 0;
  let channels = 0;
  let bits = 0;
  while (at + 8 <= buf.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') {
      channels = view.getUint16(at + 10, true);
      sampleRate = view.getUint32(at + 12, true);
      bits = view.getUint16(at + 22, true);
    } else if (id === 'data') {
      if (channels !== 1 || bits !== 16) throw new Error(`expected mono 16-bit PCM, got ${channels} channels of ${bits} bits`);
      const end = size > 0 && at + 8 + size <= buf.length ? at + 8 + size : buf.length;
      const count = Math.floor((end - at - 8) / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(at + 8 + i * 2, true);
      return { sampleRate, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('WAV file without data');
}

/** Writes a mono 16-bit PCM WAV. */
export function encodeWav(pcm: Pcm): Uint8Array {
  const bytes = pcm.samples.length * 2;
  const buf = new Uint8Array(44 + bytes);
  const view = new DataView(buf.buffer);
  const put = (at: number, s: string) => [...s].forEach((c, i) => (buf[at + i] = c.charCodeAt(0)));
  put(0, 'RIFF');
  view.setUint32(4, 36 + bytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, pcm.sampleRate, true);
  view.setUint32(28, pcm.sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, bytes, true);
  for (let i = 0; i < pcm.samples.length; i++) view.setInt16(44 + i * 2, pcm.samples[i]!, true);
  return buf;
}

/**
 * Trims the silence around a clip (keeping `padMs` of it), scales its peak to `peak` of full scale and
 * fades its ends in and out over a few milliseconds, so joined clips neither click nor drift in loudness.
 */
export function tidy(pcm: Pcm, opts: { threshold?: number; padMs?: number; peak?: number; fadeMs?: number } = {}): Pcm {
  const threshold = (opts.threshold ?? 0.02) * 32767;
  const pad = Math.round(((opts.padMs ?? 15) / 1000) * pcm.sampleRate);
  const fade = Math.round(((opts.fadeMs ?? 8) / 1000) * pcm.sampleRate);
  const s = pcm.samples;
  let first = 0;
  while (first < s.length && Math.abs(s[first]!) < threshold) first++;
  let last = s.length - 1;
  while (last > first && Math.abs(s[last]!) < threshold) last--;
  if (first >= s.length) return { sampleRate: pcm.sampleRate, samples: new Int16Array(0) };
  const cut = s.slice(Math.max(0, first - pad), Math.min(s.length, last + 1 + pad));
  let max = 1;
  for (const v of cut) max = Math.max(max, Math.abs(v));
  const gain = ((opts.peak ?? 0.7) * 32767) / max;
  const out = new Int16Array(cut.length);
  for (let i = 0; i < cut.length; i++) {
    const edge = Math.min(1, i / fade, (cut.length - 1 - i) / fade);
    out[i] = Math.max(-32768, Math.min(32767, Math.round(cut[i]! * gain * edge)));
  }
  return { sampleRate: pcm.sampleRate, samples: out };
}

/** The chime before an announcement: two soft bell tones (a high one, then a lower one), made here, not spoken. */
export function chime(sampleRate = 22050): Pcm {
  const tones = [
    { freq: 880, at: 0, len: 0.55 },
    { freq: 659.25, at: 0.42, len: 0.9 },
  ];
  const total = Math.ceil((0.42 + 0.9) * sampleRate);
  const mix = new Float64Array(total);
  for (const t of tones) {
    const start = Math.round(t.at * sampleRate);
    const n = Math.round(t.len * sampleRate);
    for (let i = 0; i < n && start + i < total; i++) {
      const time = i / sampleRate;
      const envelope = Math.min(1, time / 0.01) * Math.exp(-time * 4.5);
      // A bell: the fundamental with a little of its octave.
      mix[start + i]! += envelope * (Math.sin(2 * Math.PI * t.freq * time) + 0.25 * Math.sin(4 * Math.PI * t.freq * time));
    }
  }
  let max = 0;
  for (const v of mix) max = Math.max(max, Math.abs(v));
  const samples = Int16Array.from(mix, (v) => Math.round((v / max) * 0.6 * 32767));
  return tidy({ sampleRate, samples }, { threshold: 0.001, padMs: 0, peak: 0.6 });
}

/** File name of a clip in the pack. */
export const clipFile = (name: string) => `${name}.wav`;

type Synth = (opts: { arguments: string[] }) => Promise<{ FS: { readFile(p: string): Uint8Array } }>;

async function main(): Promise<void> {
  const modulePath = process.env.ESPEAK_NG_MODULE;
  if (!modulePath) {
    console.error('Set ESPEAK_NG_MODULE to the espeak-ng WASM build (see the comment at the top of this file).');
    process.exit(2);
  }
  const synth = ((await import(pathToFileURL(path.resolve(modulePath)).href)) as { default: Synth }).default;
  const out = path.resolve(import.meta.dirname, '../renderer/public/voice/zh-CN');
  mkdirSync(out, { recursive: true });
  const clips: Record<string, string> = {};
  const texts: Record<string, string> = {};
  let bytes = 0;
  const save = (name: string, pcm: Pcm) => {
    const wav = encodeWav(pcm);
    writeFileSync(path.join(out, clipFile(name)), wav);
    clips[name] = clipFile(name);
    bytes += wav.length;
  };
  save(CHIME, chime());
  texts[CHIME] = '（提示音）';
  for (const [name, text] of Object.entries(VOICE_CLIPS)) {
    // A female variant, a little slower than espeak's default, for a large echoing hall.
    const e = await synth({ arguments: ['-v', 'cmn+f2', '-s', '140', '-p', '55', '-w', 'clip.wav', text] });
    const pcm = tidy(parseWav(e.FS.readFile('clip.wav')));
    if (pcm.samples.length === 0) throw new Error(`espeak-ng produced silence for ${name} (${text})`);
    save(name, pcm);
    texts[name] = text;
  }
  const manifest = {
    language: 'zh-CN',
    generator: 'scripts/make-voice-pack.ts with espeak-ng 1.0.2 (WASM, GPL-3.0-or-later, used as a tool only)',
    clips,
    texts,
  };
  writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(JSON.stringify({ clips: Object.keys(clips).length, bytes, dir: path.relative(process.cwd(), out) }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
