import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { DisplaySnapshot } from '../../../protocol/views';
import type { CallPush, HallClient } from '../../shared/socket/hall-client';
import { useAnnouncerStore } from '../../shared/stores/announcer';
import { useConnectionStore } from '../../shared/stores/connection';
import { useHallStore } from '../../shared/stores/hall';

/** A call older than this when it arrives (a replay after a reconnect) is shown but not announced. */
export const ANNOUNCE_WITHIN_MS = 60_000;

/**
 * A display: the hall display (综合屏), which shows and announces every call, or a window screen (窗口屏)
 * bound to one window, by its device or by `?window=<number>`, which shows that window and stays quiet.
 */
export const useDisplayStore = defineStore('display', () => {
  const device = shallowRef<DisplaySnapshot['device']>(null);
  /** `?window=` from the address, when the device itself is not bound to a window. */
  const windowNumberParam = ref<number | null>(null);
  /** Rises with each live call: the screen flashes the latest call anew. */
  const flash = ref(0);
  const hall = useHallStore();

  const windowId = computed(() => {
    if (device.value?.windowId) return device.value.windowId;
    if (windowNumberParam.value === null) return null;
    return hall.windows.find((w) => w.number === windowNumberParam.value)?.id ?? null;
  });
  const isWindowScreen = computed(() => !!device.value?.windowId || windowNumberParam.value !== null);
  const myWindow = computed(() => hall.windows.find((w) => w.id === windowId.value) ?? null);
  /** The business day is over (closed): no call is current any more, whatever was called last. */
  const dayOver = computed(() => hall.status !== null && !hall.status.dayOpen);
  /**
   * The calls the board shows, newest first: each ticket once (a recall moves it to the top, it does not
   * add a second line to 最近呼叫), and none once the day is closed (no stale "请 A005 号" beside 今日办公已结束).
   */
  const calls = computed(() => {
    if (dayOver.value) return [];
    const seen = new Set<string>();
    return hall.recentCalls.filter((c) => !seen.has(c.ticketId) && !!seen.add(c.ticketId));
  });
  const latest = computed(() => calls.value[0] ?? null);

  function onCall(call: CallPush): void {
    const conn = useConnectionStore();
    if (isWindowScreen.value && call.windowId !== windowId.value) return;
    flash.value++;
    if (!isWindowScreen.value && conn.serverNow() - call.at < ANNOUNCE_WITHIN_MS) void useAnnouncerStore().announceCall(call);
  }

  function bind(client: HallClient, windowParam: number | null = null): void {
    windowNumberParam.value = windowParam;
    client.on('snapshot', (s) => {
      if (s.role === 'display') device.value = s.device;
    });
    client.on('call', onCall);
  }

  return { device, windowNumberParam, flash, windowId, isWindowScreen, myWindow, calls, latest, bind, onCall };
});
