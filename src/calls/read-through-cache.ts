/**
 * A value per key, re-read at most once per `ttlMs`; concurrent readers of a stale key share one load
 * instead of stampeding the database. For data every webhook needs and that may lag by a second.
 */
export class ReadThroughCache<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();
  private readonly pending = new Map<string, Promise<V>>();

  constructor(private readonly ttlMs: number) {}

  /** The cached value for `key` if it is fresh at `now`, else the result of `load` (cached from then on). */
  async get(key: string, now: number, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs && now >= hit.at) return hit.value;
    let inFlight = this.pending.get(key);
    if (!inFlight) {
      inFlight = load().then(
        (value) => {
          this.entries.set(key, { at: now, value });
          this.pending.delete(key);
          return value;
        },
        (err: unknown) => {
          this.pending.delete(key);
          throw err;
        },
      );
      this.pending.set(key, inFlight);
    }
    return inFlight;
  }

  /** Forget everything (after this instance changed what is cached). */
  clear(): void {
    this.entries.clear();
  }
}
