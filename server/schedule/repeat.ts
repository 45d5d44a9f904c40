/** A running repeat: `stop()` ends it (no look starts after). */
export interface Repeat {
  stop(): void;
}

/**
 * Looks now, then every `everyMs`, until stopped: the loop the day scheduler and the retention job share.
 * An exception out of a look is handed to `onError` and the next look tries again, because an exception
 * out of a timer would end the process. The timer is unref'd: it never holds a stopping server open.
 */
export function repeatEvery(everyMs: number, look: () => void, onError: (err: unknown) => void): Repeat {
  const guarded = () => {
    try {
      look();
    } catch (err) {
      onError(err);
    }
  };
  guarded();
  let timer: NodeJS.Timeout | null = setInterval(guarded, everyMs);
  timer.unref();
  return {
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
