/**
 * Sign-in throttling: how many password attempts a username and a network address may make in a window.
 *
 * An attempt is reserved synchronously, before the password hash is computed, so parallel requests
 * cannot all slip past the check while the first ones are still hashing. Counting per username stops a
 * guesser aimed at one account from many addresses; counting per address stops one machine spraying
 * guesses across every username. The counters live in a map of fixed size that forgets its least
 * recently used entries, so a flood of made-up usernames costs bounded memory.
 */

export interface LoginLimits {
  /** Attempts per username (known or not) in one window. */
  perUser: number;
  /** Attempts per client address in one window, across usernames. */
  perAddress: number;
  windowMs: number;
  /** Most counters kept; the least recently used are forgotten first. */
  maxEntries: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUser: 8, perAddress: 30, windowMs: 10 * 60_000, maxEntries: 10_000 };

interface Counter {
  count: number;
  /** When the window of this counter began. */
  first: number;
}

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {}

  /**
   * Takes one attempt for `username` from `address`, or refuses (false) when either has used up its
   * window. Synchronous on purpose: nothing may run between the check and the count.
   */
  reserve(username: string, address: string, now: number): boolean {
    const user = this.current(userKey(username), now);
    const addr = this.current(addressKey(address), now);
    if (user.count >= this.limits.perUser || addr.count >= this.limits.perAddress) return false;
    user.count += 1;
    addr.count += 1;
    this.touch(userKey(username), user);
    this.touch(addressKey(address), addr);
    return true;
  }

  /** A correct password: the username's failures are forgiven, the address gets its attempt back. */
  succeeded(username: string, address: string): void {
    this.counters.delete(userKey(username));
    const addr = this.counters.get(addressKey(address));
    if (addr) addr.count = Math.max(0, addr.count - 1);
  }

  /** How many counters are kept (bounded by `maxEntries`). */
  get size(): number {
    return this.counters.size;
  }

  /** The counter of a key in its current window (a fresh one when the old window has passed). */
  private current(key: string, now: number): Counter {
    const c = this.counters.get(key);
    return c && now - c.first < this.limits.windowMs ? c : { count: 0, first: now };
  }

  /** Stores a counter as the most recently used; forgets the oldest beyond the bound. */
  private touch(key: string, counter: Counter): void {
    this.counters.delete(key);
    this.counters.set(key, counter);
    while (this.counters.size > this.limits.maxEntries) {
      const oldest = this.counters.keys().next().value;
      if (oldest === undefined) break;
      this.counters.delete(oldest);
    }
  }
}

const userKey = (username: string) => `u:${username.toLowerCase()}`;
const addressKey = (address: string) => `a:${address}`;
