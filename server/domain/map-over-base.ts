/**
 * A map that reads through to a base map it never writes to: what it sets or deletes is its own, the rest
 * is the base's, as the base is. The simulator gives every run such a view of its snapshot's tickets and
 * of its lines' index: a run changes a few hundred entries of a hall of 20,000, and copying all of them
 * for each of forty runs was most of a batch's work and garbage. The base must not change while the view
 * is in use (a snapshot, or a state the caller runs to its end in one go).
 *
 * `visible` hides base entries the view should not have (a run sees only the tickets that can still
 * change). Values are never undefined. Anything that walks the whole map, or asks its size, first takes the
 * base's remaining entries in (no rule a run plays walks it), after which the base is no longer read;
 * the order of that walk can differ from the base's.
 */
export class MapOverBase<K, V> extends Map<K, V> {
  /** Base keys deleted here. */
  private readonly gone = new Set<K>();
  /** The base's entries have been taken in: the view is a plain map from then on. */
  private absorbed = false;

  constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly visible: (value: V) => boolean = () => true,
  ) {
    super();
  }

  override get(key: K): V | undefined {
    const own = super.get(key);
    if (own !== undefined || this.absorbed || this.gone.has(key)) return own;
    const b = this.base.get(key);
    return b !== undefined && this.visible(b) ? b : undefined;
  }

  override has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  override delete(key: K): boolean {
    const had = this.has(key);
    super.delete(key);
    if (!this.absorbed) this.gone.add(key);
    return had;
  }

  override clear(): void {
    super.clear();
    this.gone.clear();
    this.absorbed = true;
  }

  override get size(): number {
    this.absorb();
    return super.size;
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.absorb();
    super.forEach(fn, thisArg);
  }

  override entries(): MapIterator<[K, V]> {
    this.absorb();
    return super.entries();
  }

  override keys(): MapIterator<K> {
    this.absorb();
    return super.keys();
  }

  override values(): MapIterator<V> {
    this.absorb();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  private absorb(): void {
    if (this.absorbed) return;
    for (const [k, v] of this.base) if (!this.gone.has(k) && !super.has(k) && this.visible(v)) super.set(k, v);
    this.gone.clear();
    this.absorbed = true;
  }
}
