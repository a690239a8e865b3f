/**
 * A bounded least-recently-used map whose entries have a weight (the size of a revision's JSON),
 * for content keyed by something immutable. Pure (no I/O), so it is unit tested.
 *
 * Why this is enough to share nothing between instances: a published revision is append-only
 * (a trigger refuses UPDATE and DELETE on report_revisions), so the content behind a revision id
 * never changes; each instance may keep its own copy and none can ever be stale. What changes on
 * publication is which revision id is current, and that is read from Postgres on every request.
 */
export class WeightedLru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(private readonly maxWeight: number) {}

  get(key: K): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // Map keeps insertion order: re-inserting makes the entry the most recently used.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  /** Keeps `value` unless it alone weighs more than the whole budget; evicts the least recently used. */
  set(key: K, value: V, weight: number): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.total -= old.weight;
    }
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxWeight) break;
      this.entries.delete(k);
      this.total -= e.weight;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.total;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
