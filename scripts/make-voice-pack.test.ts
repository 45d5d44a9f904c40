import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHIME, VOICE_CLIPS } from '../renderer/shared/voice/phrases';
import { chime, encodeWav, parseWav, tidy } from './make-voice-pack';

const PACK = path.resolve(import.meta.dirname, '../renderer/public/voice/zh-CN');

describe('voice pack generator', () => {
  it('reads back the WAV it writes', () => {
    const pcm = { sampleRate: 22050, samples: Int16Array.from([0, 1000, -1000, 32767, -32768]) };
    expect(parseWav(encodeWav(pcm))).toEqual(pcm);
  });

  it('refuses a file that is not a mono 16-bit WAV', () => {
    expect(() => parseWav(new TextEncoder().encode('not a wav file at all, really not'))).toThrow(/not a WAV/);
  });

  it('trims the silence around a clip, keeps a little, and scales its peak', () => {
    const samples = new Int16Array(22050);
    for (let i = 11000; i < 11500; i++) samples[i] = i % 2 ? 3000 : -3000;
    const out = tidy({ sampleRate: 22050, samples }, { padMs: 10, peak: 0.5 });
    expect(out.samples.length).toBe(500 + 2 * 221);
    expect(Math.abs(Math.max(...out.samples) - 0.5 * 32767)).toBeLessThanOrEqual(1);
    // Faded ends: no click where clips are joined.
    expect(out.samples[0]).toBe(0);
  });

  it('makes a chime of about a second and a half', () => {
    const c = chime();
    expect(c.samples.length / c.sampleRate).toBeGreaterThan(1);
    expect(c.samples.length / c.sampleRate).toBeLessThan(1.6);
  });

  it('has every clip the phrases use in the committed pack, listed in its manifest', () => {
    const manifest = JSON.parse(readFileSync(path.join(PACK, 'manifest.json'), 'utf8')) as { clips: Record<string, string> };
    for (const name of [CHIME, ...Object.keys(VOICE_CLIPS)]) {
      expect(manifest.clips[name], name).toBe(`${name}.wav`);
      const pcm = parseWav(readFileSync(path.join(PACK, manifest.clips[name]!)));
      expect(pcm.samples.length, name).toBeGreaterThan(pcm.sampleRate / 10);
    }
    expect(existsSync(path.join(PACK, 'digit-0.wav'))).toBe(true);
  });
});
