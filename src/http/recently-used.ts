/** @module Worker side: what an isolate keeps between requests, within a budget, the least recently used let go first. */

/** Values by key, weighed by `weigh`: past `budget`, the least recently used go, never the one just set. */
export class RecentlyUsed<K, V> {
  readonly #entries = new Map<K, V>();
  #weight = 0;

  constructor(readonly budget: number, readonly weigh: (value: V) => number) {}

  /** The value under `key`, now the most recently used. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Map order is the eviction order: what was just used goes to the end.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Keeps `value` under `key`, in place of any value there (two requests may make the same one at once). */
  set(key: K, value: V): void {
    const known = this.#entries.get(key);
    if (known !== undefined) {
      this.#entries.delete(key);
      this.#weight -= this.weigh(known);
    }
    this.#entries.set(key, value);
    this.#weight += this.weigh(value);
    for (const [oldest, kept] of this.#entries) {
      if (this.#weight <= this.budget || oldest === key) break;
      this.#entries.delete(oldest);
      this.#weight -= this.weigh(kept);
    }
  }
}
