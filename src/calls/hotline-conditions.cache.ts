import type { CallStore, HotlineConditions } from './call-store.port';
import { ReadThroughCache } from './read-through-cache';

/**
 * Ops' outage notices, calendar and closure switch, re-read at most once per `ttlMs` per instance.
 * Every webhook needs them, so caching keeps the hot path to one read; a second of staleness is
 * "at once" for an outage announced by a person, and every instance converges within it.
 */
export class HotlineConditionsCache {
  private readonly cache: ReadThroughCache<HotlineConditions>;

  constructor(
    private readonly store: Pick<CallStore, 'loadConditions'>,
    ttlMs = 1000,
  ) {
    this.cache = new ReadThroughCache(ttlMs);
  }

  /** The current conditions, from cache when fresh. */
  get(now: Date): Promise<HotlineConditions> {
    return this.cache.get('conditions', now.getTime(), () => this.store.loadConditions(now));
  }

  /** Forget the cached value (after this instance changed a notice, the calendar or the closure switch). */
  invalidate(): void {
    this.cache.clear();
  }
}
