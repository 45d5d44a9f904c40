import { PerformanceObserver } from 'node:perf_hooks';

/**
 * The garbage collector's time in this process so far (ms), from V8's `gc` performance entries. A batch
 * of estimate runs leaves most of its cost to the collector, and much of that collection runs outside
 * the batch's own slices (in whatever turn of the event loop the heap fills): the estimate service counts
 * the collector's time while a batch runs in the batch's share of the loop.
 */
export interface CollectorMeter {
  ms(): number;
  stop(): void;
}

export function collectorMeter(): CollectorMeter {
  let total = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) total += e.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    ms: () => total,
    stop: () => observer.disconnect(),
  };
}
