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
 * - at most one fetch per cooldown, failed or not (an unknown-`kid` flood or a dead endpoint costs one
 *   fetch per cooldown, and callers in between fail fast instead of waiting);
 * - stale-if-error: when a refresh fails, the last good value serves until `maxAge + staleIfError`.
 */
export class CachedDocument<T> {
  private value?: T;
  private fetchedAt = -Infinity;
  private attemptedAt = -Infinity;
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

  /** The current value, refreshed first when older than maxAge (falling back to stale on failure). */
  async get(): Promise<T> {
    if (this.value !== undefined && this.age() < this.policy.maxAgeS * 1000) return this.value;
    return this.refresh('expired');
  }

  /**
   * Refetches unless a fetch is already running (joins it) or one was started within the cooldown
   * (returns what is known, or throws the last failure when nothing is).
   */
  async refresh(why: string): Promise<T> {
    if (this.inflight) return this.inflight;
    if (this.now() - this.attemptedAt < this.policy.cooldownS * 1000) return this.fallback();
    this.attemptedAt = this.now();
    this.fetches++;
    this.inflight = this.fetchOnce(why).finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** The value currently held, fresh or stale within the window, without fetching. */
  peek(): T | undefined {
    return this.usable() ? this.value : undefined;
  }

  private async fetchOnce(why: string): Promise<T> {
    try {
      const value = await this.load();
      this.value = value;
      this.fetchedAt = this.now();
      this.lastError = undefined;
      this.logger.log(`${this.label}: fetched (${why})`);
      return value;
    } catch (error) {
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

  private usable(): boolean {
    const window = (this.policy.maxAgeS + this.policy.staleIfErrorS) * 1000;
    return this.value !== undefined && this.age() < window;
  }

  private age(): number {
    return this.now() - this.fetchedAt;
  }
}
