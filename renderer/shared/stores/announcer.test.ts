import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Announcement } from '../voice/phrases';
import type { VoicePlayer } from '../voice/player';
import { useAnnouncerStore } from './announcer';

/** A player whose announcements end when the test says so. */
class ManualPlayer implements VoicePlayer {
  blocked = false;
  playing: { a: Announcement; end: () => void }[] = [];
  active = 0;
  maxActive = 0;
  stopped = 0;
  play(a: Announcement) {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    return new Promise<{ mode: 'pack'; audible: boolean }>((resolve) => {
      this.playing.push({
        a,
        end: () => {
          this.active--;
          resolve({ mode: 'pack', audible: true });
        },
      });
    });
  }
  stop() {
    this.stopped++;
  }
  async unlock() {
    return true;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('announcer', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('plays calls one after the other, never two at once', async () => {
    const store = useAnnouncerStore();
    const player = new ManualPlayer();
    store.usePlayer(player);
    void store.announceCall({ number: 'A001', windowNumber: 1, recall: false });
    void store.announceCall({ number: 'A002', windowNumber: 2, recall: false });
    await tick();
    expect(player.playing.map((p) => p.a.text)).toEqual(['请 A001 号 到 1 号窗口']);
    player.playing[0]!.end();
    await tick();
    expect(player.playing.map((p) => p.a.text)).toEqual(['请 A001 号 到 1 号窗口', '请 A002 号 到 2 号窗口']);
    player.playing[1]!.end();
    await tick();
    expect(player.maxActive).toBe(1);
    const [first, second] = store.log;
    expect(second!.startedAt!).toBeGreaterThanOrEqual(first!.endedAt!);
    expect(store.log.map((e) => e.mode)).toEqual(['pack', 'pack']);
  });

  it('logs a recall as a new announcement of the same call', async () => {
    const store = useAnnouncerStore();
    const player = new ManualPlayer();
    store.usePlayer(player);
    void store.announceCall({ number: 'A001', windowNumber: 1, recall: false });
    void store.announceCall({ number: 'A001', windowNumber: 1, recall: true });
    await tick();
    player.playing[0]!.end();
    await tick();
    player.playing[1]!.end();
    expect(store.log.map((e) => [e.number, e.recall])).toEqual([
      ['A001', false],
      ['A001', true],
    ]);
  });

  it('drops waiting prompts and stops the current one for a new prompt', async () => {
    const store = useAnnouncerStore();
    const player = new ManualPlayer();
    store.usePlayer(player);
    void store.prompt('prompt-welcome');
    void store.prompt('prompt-materials');
    expect(player.stopped).toBe(2);
  });
});
