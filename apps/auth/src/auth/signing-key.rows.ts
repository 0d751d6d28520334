/**
 * How long the key rows read for signing are reused before the key table is read again: a key
 * minted by another replica (which publishes and signs with it at once) is signed with here within
 * this bound, the same bound the published key set has (`JWKS_REVALIDATE_MS`).
 */
export const KEY_ROWS_REVALIDATE_MS = 1000;

/**
 * Better Auth's signing-key rows (still encrypted) in memory, so signing a token (`GET
 * /api/auth/token`, the OAuth token endpoint) does not read the key table every time.
 *
 * Rules:
 * - A copy is reused until {@link KEY_ROWS_REVALIDATE_MS} after it was read, or until
 *   {@link invalidate} (a key was minted here: rotation takes effect at the next token).
 * - Expiry is still judged by Better Auth on every token, on the rows' `expiresAt`: a key past it
 *   is never used, cached or not, and a new one is minted as without the cache.
 * - Concurrent readers share one read; a read that started before an invalidation does not serve
 *   readers after it; a failed read is passed on and not remembered.
 */
export class SigningKeyRows<Row> {
  private generation = 0;
  private copy?: { rows: Row[]; generation: number; freshUntil: number };
  private loading?: { promise: Promise<Row[]>; generation: number };

  constructor(private readonly now: () => number = Date.now) {}

  /** Drops the copy: the next reader reads the table. */
  invalidate(): void {
    this.generation++;
  }

  /**
   * The key rows, read with `load` when the copy is missing, stale or invalidated, or always with
   * `fresh` (the published key set keeps its own bound; its reads refresh the copy too).
   */
  rows(load: () => Promise<Row[]>, fresh = false): Promise<Row[]> {
    const copy = this.copy;
    if (fresh) this.invalidate();
    else if (copy && copy.generation === this.generation && this.now() < copy.freshUntil) {
      return Promise.resolve(copy.rows);
    }
    if (this.loading?.generation !== this.generation) {
      const generation = this.generation;
      const promise = load()
        .then((rows) => {
          if (generation === this.generation) {
            this.copy = { rows, generation, freshUntil: this.now() + KEY_ROWS_REVALIDATE_MS };
          }
          return rows;
        })
        .finally(() => {
          if (this.loading?.promise === promise) this.loading = undefined;
        });
      this.loading = { promise, generation };
    }
    return this.loading.promise;
  }
}
