import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import type { CallView } from '../../../protocol/views';
import { callAnnouncement, promptAnnouncement, ticketPromptAnnouncement, type Announcement, type PromptName } from '../voice/phrases';
import type { VoiceMode, VoicePlayer } from '../voice/player';

/** One line of the announcement log (tests read it as `window.__yichuangAnnouncements`). */
export interface AnnouncementEntry {
  kind: 'call' | 'prompt';
  text: string;
  clips: (string | null)[];
  number?: string;
  windowNumber?: number;
  recall?: boolean;
  queuedAt: number;
  startedAt?: number;
  endedAt?: number;
  mode?: VoiceMode;
  audible?: boolean;
}

const LOG_KEPT = 100;

/**
 * The voice of a terminal: announcements wait in one queue and play one at a time, never on top of
 * each other. Calls come from the display's `call` pushes; prompts from the kiosk and the pad.
 */
export const useAnnouncerStore = defineStore('announcer', () => {
  const player = shallowRef<VoicePlayer | null>(null);
  /** A plain array on purpose: the test hook reads it from outside Vue. */
  const log: AnnouncementEntry[] = markRaw([]);
  const current = ref<AnnouncementEntry | null>(null);
  const pending = ref(0);
  const blocked = ref(false);
  const queue: { entry: AnnouncementEntry; announcement: Announcement }[] = [];
  let running = false;

  function usePlayer(p: VoicePlayer): void {
    player.value = markRaw(p);
  }

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (queue.length) {
        const next = queue.shift()!;
        pending.value = queue.length;
        next.entry.startedAt = Date.now();
        current.value = next.entry;
        if (player.value) {
          const r = await player.value.play(next.announcement);
          next.entry.mode = r.mode;
          next.entry.audible = r.audible;
          blocked.value = !r.audible;
        }
        next.entry.endedAt = Date.now();
        current.value = null;
      }
    } finally {
      running = false;
    }
  }

  function enqueue(entry: AnnouncementEntry, announcement: Announcement): Promise<void> {
    log.push(entry);
    if (log.length > LOG_KEPT) log.splice(0, log.length - LOG_KEPT);
    queue.push({ entry, announcement });
    pending.value = queue.length;
    return drain();
  }

  /** Announces a call or a recall ("请 A023 号 到 5 号窗口", twice, after a chime). */
  function announceCall(call: Pick<CallView, 'number' | 'windowNumber' | 'recall'>): Promise<void> {
    const a = callAnnouncement(call.number, call.windowNumber);
    return enqueue(
      { kind: 'call', text: a.text, clips: a.clips, number: call.number, windowNumber: call.windowNumber, recall: call.recall, queuedAt: Date.now() },
      a,
    );
  }

  /** Says a prompt now: a prompt nobody hears in time is worthless, so it drops what waits. */
  function prompt(name: PromptName): Promise<void> {
    return promptNow(promptAnnouncement(name));
  }

  /** Says the kiosk's "ticket taken" prompt with the ticket's number, as a prompt (drops what waits). */
  function promptTicket(number: string): Promise<void> {
    return promptNow(ticketPromptAnnouncement(number), number);
  }

  function promptNow(a: Announcement, number?: string): Promise<void> {
    queue.length = 0;
    player.value?.stop();
    return enqueue({ kind: 'prompt', text: a.text, clips: a.clips, ...(number ? { number } : {}), queuedAt: Date.now() }, a);
  }

  /** Silences everything (a kiosk going back to its start screen). */
  function hush(): void {
    queue.length = 0;
    pending.value = 0;
    player.value?.stop();
  }

  async function unlock(): Promise<void> {
    if (player.value) blocked.value = !(await player.value.unlock());
  }

  return { log, current, pending, blocked, usePlayer, announceCall, prompt, promptTicket, hush, unlock };
});
