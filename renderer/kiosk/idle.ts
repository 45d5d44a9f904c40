import { onBeforeUnmount, onMounted } from 'vue';

/**
 * Calls `onIdle` once nobody has touched the screen for `ms`. Touch, click, keys (a card reader
 * included) count as activity. Uses the page's clock through `now` so tests can drive it.
 */
export function useIdle(ms: () => number, onIdle: () => void, now: () => number = () => Date.now()): { touch: () => void } {
  let last = now();
  let timer: ReturnType<typeof setInterval> | undefined;
  const touch = () => {
    last = now();
  };
  const events = ['pointerdown', 'keydown', 'input', 'wheel'] as const;
  onMounted(() => {
    for (const e of events) window.addEventListener(e, touch, { capture: true, passive: true });
    timer = setInterval(() => {
      if (now() - last >= ms()) {
        last = now();
        onIdle();
      }
    }, 1000);
  });
  onBeforeUnmount(() => {
    for (const e of events) window.removeEventListener(e, touch, { capture: true });
    clearInterval(timer);
  });
  return { touch };
}
