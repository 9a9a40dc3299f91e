import type { CallStore, HotlineConditions } from './call-store.port';

/**
 * Ops' outage notices, calendar and closure switch, re-read at most once per `ttlMs` per instance.
 * Every webhook needs them, so caching keeps the hot path to one read; a second of staleness is
 * "at once" for an outage announced by a person, and every instance converges within it.
 */
export class HotlineConditionsCache {
  private cached: { at: number; value: HotlineConditions } | null = null;
  private pending: Promise<HotlineConditions> | null = null;

  constructor(
    private readonly store: Pick<CallStore, 'loadConditions'>,
    private readonly ttlMs = 1000,
  ) {}

  /** The current conditions, from cache when fresh. */
  async get(now: Date): Promise<HotlineConditions> {
    const t = now.getTime();
    if (this.cached && t - this.cached.at < this.ttlMs && t >= this.cached.at) return this.cached.value;
    // Concurrent webhooks share one read instead of stampeding the database.
    this.pending ??= this.store.loadConditions(now).then(
      (value) => {
        this.cached = { at: t, value };
        this.pending = null;
        return value;
      },
      (err: unknown) => {
        this.pending = null;
        throw err;
      },
    );
    return this.pending;
  }

  /** Forget the cached value (after this instance changed a notice, the calendar or the closure switch). */
  invalidate(): void {
    this.cached = null;
  }
}
