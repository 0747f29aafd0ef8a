/** Appends to the list under `key`, creating it: the grouping every index in Loopwise needs. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Appends several values to the list under `key`, creating it (even for none). */
export function pushAll<K, V>(map: Map<K, V[]>, key: K, values: readonly V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, [...values]);
}

/** Whether two lists hold the same items in the same order (by identity, or by `same`). */
export function sameItems<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean = (x, y) => x === y): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]));
}

/**
 * A map as it was when a view of it was taken, over a map that later changes in place: whoever
 * changes a key first tells the view (`remember`), which keeps the value it replaced. Taking the
 * view costs nothing and reading it one lookup more, where copying a workspace-sized map for each
 * analysis cost more than the analysis of a small edit.
 */
export class MapAsOf<K, V> {
  private readonly before = new Map<K, V | undefined>();

  constructor(private readonly current: Map<K, V>) {}

  /** Over `map`: changing `map` after this is the caller's to `remember`. */
  static of<K, V>(map: Map<K, V>): MapAsOf<K, V> {
    return new MapAsOf(map);
  }

  get(key: K): V | undefined {
    return this.before.has(key) ? this.before.get(key) : this.current.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** The number of keys, while the underlying map keeps the same keys. */
  get size(): number {
    return this.current.size;
  }

  /** Called before the underlying map's `key` changes: the view keeps its value. */
  remember(key: K): void {
    if (!this.before.has(key)) this.before.set(key, this.current.get(key));
  }

  /** Changes the view only. */
  set(key: K, value: V): void {
    this.before.set(key, value);
  }

  toMap(): Map<K, V> {
    const out = new Map(this.current);
    for (const [key, value] of this.before)
      if (value === undefined) out.delete(key);
      else out.set(key, value);
    return out;
  }
}
