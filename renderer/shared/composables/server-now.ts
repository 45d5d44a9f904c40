import { computed, onBeforeUnmount, onMounted, ref, type ComputedRef } from 'vue';
import { useConnectionStore } from '../stores/connection';

/**
 * The server's time, ticking every `everyMs`. It follows the clock offset of each snapshot at once,
 * so nothing is judged on the terminal's own clock in the moment before the first tick.
 */
export function useServerNow(everyMs = 1000): ComputedRef<number> {
  const conn = useConnectionStore();
  const tick = ref(0);
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => tick.value++, everyMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return computed(() => {
    void tick.value;
    return Date.now() + conn.clockOffset;
  });
}
