/**
 * Token buckets for terminals' commands: each device and each staff session has a bucket that refills at
 * `perSecond` up to `burst`; a command takes one token or is refused with RATE_LIMITED. A kiosk pressed
 * by a citizen issues a ticket every few seconds at most; a script with a stolen kiosk token issued
 * thousands in seconds before this.
 */

export interface BucketLimit {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** `maxBuckets` bounds memory; a bucket forgotten was the least recently used one. */
  constructor(private readonly maxBuckets = 10_000) {}

  /** Takes a token from `key`'s bucket; false (nothing taken) when it is empty. */
  take(key: string, limit: BucketLimit, now: number): boolean {
    const prior = this.buckets.get(key);
    const elapsed = prior ? Math.max(0, now - prior.at) / 1000 : 0;
    const tokens = prior ? Math.min(limit.burst, prior.tokens + elapsed * limit.perSecond) : limit.burst;
    const allowed = tokens >= 1;
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    // A forgotten bucket comes back full: only the least recently used, idle ones are dropped.
    if (this.buckets.size > this.maxBuckets) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return allowed;
  }
}
