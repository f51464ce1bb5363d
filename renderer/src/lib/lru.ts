/**
 * A Map that keeps at most `capacity` entries, dropping the least recently used. Map iterates in
 * insertion order, so a read that re-inserts its key keeps the order of use for free. The backing
 * map may be a SvelteMap, so that components repaint on what they read through `peek`.
 */
export class LruMap<K, V> {
  constructor(
    readonly capacity: number,
    private readonly map: Map<K, V> = new Map<K, V>(),
  ) {
    if (!(capacity >= 1)) throw new RangeError('an LRU map needs room for one entry at least');
  }

  get size(): number {
    return this.map.size;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  get(key: K): V | undefined {
    if (!this.map.has(key)) return undefined;
    const value = this.map.get(key) as V;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  /** Reads without counting as a use (for derived values that re-run on every change). */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): this {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }
}
