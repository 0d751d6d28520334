import type { Logger } from '@nestjs/common';

/** Freshness rules of a {@link CachedDocument}, in seconds (the `JWKS_*` variables). */
export interface CachePolicy {
  maxAgeS: number;
  cooldownS: number;
  staleIfErrorS: number;
}

/**
 * A remote document (a JWKS, an OIDC discovery document) kept fresh with:
 * - one fetch shared by all concurrent callers;
 * - forced refreshes (an unknown `kid`) at most once per cooldown: a flood of unknown kids costs one
 *   fetch per cooldown, callers in between fail fast instead of waiting. Scheduled fetches (first use,
 *   max age) do not start that cooldown, so a key rotated in just after a routine fetch is still
 *   picked up at once (and a forced refresh that found new keys calls {@link forgiveCooldown});
 * - after a failed fetch, no new attempt for a cooldown (a dead endpoint is not hammered);
 * - stale-if-error: when a refresh fails, the last good value serves until `maxAge + staleIfError`.
 */
export class CachedDocument<T> {
  private value?: T;
  private fetchedAt = -Infinity;
  private attemptedAt = -Infinity;
  private forcedAt = -Infinity;
  private failed = false;
  private inflight?: Promise<T>;
  private lastError?: Error;
  /** Fetches started so far (tests and metrics). */
  fetches = 0;

  constructor(
    private readonly label: string,
    private readonly load: () => Promise<T>,
    private readonly policy: CachePolicy,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** The value held, while younger than maxAge; `undefined` otherwise (then call {@link get}). */
  fresh(): T | undefined {
    return this.value !== undefined && this.age() < this.policy.maxAgeS * 1000
      ? this.value
      : undefined;
  }

  /** The current value, refreshed first when older than maxAge (falling back to stale on failure). */
  async get(): Promise<T> {
    return this.fresh() ?? this.fetch(this.value === undefined ? 'first use' : 'max age');
  }

  /**
   * Refetches because the held value lacks something (an unknown `kid`), unless a fetch is running
   * (joins it) or a forced refresh happened within the cooldown (returns what is held, or throws).
   */
  async refresh(why: string): Promise<T> {
    if (this.inflight) return this.inflight;
    if (this.cooling(this.forcedAt)) return this.fallback();
    this.forcedAt = this.now();
    return this.fetch(why);
  }

  /** Lets the next forced refresh happen at once (the last one found the document changed). */
  forgiveCooldown(): void {
    this.forcedAt = -Infinity;
  }

  /** When the held value stops being fresh (ms since the epoch); -Infinity when nothing is held. */
  freshUntil(): number {
    return this.value === undefined ? -Infinity : this.fetchedAt + this.policy.maxAgeS * 1000;
  }

  private fetch(why: string): Promise<T> {
    if (this.inflight) return this.inflight;
    if (this.failed && this.cooling(this.attemptedAt))
      return Promise.resolve().then(() => this.fallback());
    this.attemptedAt = this.now();
    this.fetches++;
    this.inflight = this.fetchOnce(why).finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchOnce(why: string): Promise<T> {
    try {
      const value = await this.load();
      this.value = value;
      this.fetchedAt = this.now();
      this.failed = false;
      this.lastError = undefined;
      this.logger.log(`${this.label}: fetched (${why})`);
      return value;
    } catch (error) {
      this.failed = true;
      this.lastError = error instanceof Error ? error : new Error(String(error));
      const stale = this.usable();
      this.logger.warn(
        `${this.label}: fetch failed (${why}): ${this.lastError.message}` +
          (stale ? '; serving cached copy' : '; nothing cached'),
      );
      return this.fallback();
    }
  }

  private fallback(): T {
    if (this.usable()) return this.value as T;
    throw this.lastError ?? new Error('not fetched yet (cooling down)');
  }

  private cooling(since: number): boolean {
    return this.now() - since < this.policy.cooldownS * 1000;
  }

  private usable(): boolean {
    const window = (this.policy.maxAgeS + this.policy.staleIfErrorS) * 1000;
    return this.value !== undefined && this.age() < window;
  }

  private age(): number {
    return this.now() - this.fetchedAt;
  }
}
