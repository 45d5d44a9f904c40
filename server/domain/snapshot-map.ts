/** Marks, in a snapshot, a key the live map did not have when the snapshot was taken. */
const ABSENT: unique symbol = Symbol('absent');

/**
 * A map of the live hall (its tickets, its lines' places) that can hand out a snapshot of itself at once,
 * whatever its size (`freeze`). A snapshot reads through to the live map, and the live map, before it
 * changes or deletes a key, saves the key's value into each snapshot that has not saved it yet: a snapshot
 * costs what changes while it is in use, not the 20,000 entries of a busy day. The estimate service takes
 * one per batch (`snapshotForRuns` in server/simulation/clone.ts); it was the one step of a batch that grew with the queue (12–40 ms on
 * 20,000 waiting). A snapshot is released when its batch ends, or when nothing holds it any more.
 */
export class SnapshotMap<K, V> extends Map<K, V> {
  private views: WeakRef<FrozenView<K, V>>[] = [];

  /** The map as it is now, unchanged by what the live map does later, until released. */
  freeze(): FrozenView<K, V> {
    const view = new FrozenView<K, V>(this, (v) => this.release(v));
    this.views.push(new WeakRef(view));
    return view;
  }

  override set(key: K, value: V): this {
    if (this.views.length > 0) this.save(key);
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    if (this.views.length > 0) this.save(key);
    return super.delete(key);
  }

  override clear(): void {
    if (this.views.length > 0) for (const key of super.keys()) this.save(key);
    super.clear();
  }

  /** Live snapshots (for the tests). */
  get snapshots(): number {
    return this.views.filter((w) => w.deref() !== undefined).length;
  }

  private save(key: K): void {
    let dead = false;
    for (const ref of this.views) {
      const view = ref.deref();
      if (view) view.keep(key, super.has(key) ? super.get(key)! : ABSENT);
      else dead = true;
    }
    if (dead) this.views = this.views.filter((w) => w.deref() !== undefined);
  }

  private release(view: FrozenView<K, V>): void {
    this.views = this.views.filter((w) => {
      const v = w.deref();
      return v !== undefined && v !== view;
    });
  }
}

/** A snapshot of a `SnapshotMap`: read-only, as the live map was when it was taken. */
export class FrozenView<K, V> implements ReadonlyMap<K, V> {
  /** Keys the live map changed since: their value then (or ABSENT). */
  private readonly saved = new Map<K, V | typeof ABSENT>();
  private released = false;

  constructor(
    private readonly live: ReadonlyMap<K, V>,
    private readonly onRelease: (view: FrozenView<K, V>) => void,
  ) {}

  /** Called by the live map before it changes `key`: the first value seen is the snapshot's. */
  keep(key: K, value: V | typeof ABSENT): void {
    if (!this.saved.has(key)) this.saved.set(key, value);
  }

  /** The live map stops saving for it; reading it after is an error (it would see the live map). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease(this);
  }

  get(key: K): V | undefined {
    this.check();
    if (this.saved.has(key)) {
      const v = this.saved.get(key)!;
      return v === ABSENT ? undefined : v;
    }
    return this.live.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    return this.materialize().size;
  }

  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.materialize()) fn.call(thisArg, v, k, this);
  }

  entries(): MapIterator<[K, V]> {
    return this.materialize().entries();
  }

  keys(): MapIterator<K> {
    return this.materialize().keys();
  }

  values(): MapIterator<V> {
    return this.materialize().values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  /** The whole snapshot as a map of its own: only for what walks it (no run does). */
  private materialize(): Map<K, V> {
    this.check();
    const out = new Map<K, V>();
    for (const [k, v] of this.live) {
      if (!this.saved.has(k)) out.set(k, v);
    }
    for (const [k, v] of this.saved) if (v !== ABSENT) out.set(k, v);
    return out;
  }

  private check(): void {
    if (this.released) throw new Error('a released snapshot was read');
  }
}
